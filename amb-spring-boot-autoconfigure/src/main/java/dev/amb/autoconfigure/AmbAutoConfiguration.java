package dev.amb.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.amb.DeadLetters;
import dev.amb.MessageBus;
import dev.amb.core.AgentIds;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.spi.Broker;
import dev.amb.spi.BusMetrics;
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.MessageSerializer;
import dev.amb.spi.RetryPolicy;
import dev.amb.security.AuditSink;
import dev.amb.security.SigningKeyResolver;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;

/**
 * Auto-configuration of AMB: a {@link MessageBus} on the broker chosen by {@code amb.broker}
 * (the in-memory broker by default), writing the format chosen by {@code amb.serializer} and
 * reading every available format.
 *
 * <p>Every bean backs off when the application defines its own; {@link AmbMessageBusCustomizer}
 * beans adjust the bus without replacing it.
 *
 * <p>Runs on Spring Boot 3.5 and 4: ordering and conditions name by string the Boot classes that
 * Boot 4 moved, and classes that use a moved type are isolated behind a class-name condition
 * (see {@code docs/decisions.md}, "One jar for Spring Boot 3.5 and 4").
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
        // Spring Boot 3.5 and 4 (Boot 4 moved Jackson's auto-configuration and added one for Jackson 2)
        "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration",
        // resilience4j-spring-boot3 and resilience4j-spring-boot4
        "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        // observation, tracing and metrics: Spring Boot 3.5 (actuator-autoconfigure) and 4 (spring-boot-micrometer-*)
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.BraveAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@Conditional(ValidChoicesCondition.class)
@EnableConfigurationProperties(AmbProperties.class)
@Import({ MemoryBrokerConfiguration.class, RedisBrokerConfiguration.class, NatsBrokerConfiguration.class,
        SqsBrokerConfiguration.class, KafkaBrokerConfiguration.class, RabbitBrokerConfiguration.class,
        JsonSerializerConfiguration.class, MessagePackSerializerConfiguration.class, ProtobufSerializerConfiguration.class,
        ResilienceConfiguration.class, SecurityConfiguration.class, AgentListenerConfiguration.class,
        AmbObservationConfiguration.class, AmbMetricsConfiguration.class })
public class AmbAutoConfiguration {

    /** Created by Spring. */
    AmbAutoConfiguration() {
    }

    @Bean
    @ConfigurationPropertiesBinding
    static BrokerTypeConverter ambBrokerTypeConverter() {
        return new BrokerTypeConverter();
    }

    @Bean
    @ConditionalOnMissingBean(MessageBus.class)
    DefaultMessageBus ambMessageBus(Broker broker, ObjectProvider<MessageSerializer> serializers, AmbProperties properties,
            Environment environment, ObjectProvider<RetryPolicy> retryPolicy,
            ObjectProvider<CircuitBreakerProvider> circuitBreakers, ObjectProvider<BusMetrics> metrics,
            ObjectProvider<AmbMessageBusCustomizer> customizers,
            ObjectProvider<OutboundInterceptor> outboundInterceptors, ObjectProvider<InboundInterceptor> inboundInterceptors,
            ObjectProvider<SigningKeyResolver> signingKeys, ObjectProvider<AuditSink> auditSink) {
        List<MessageSerializer> available = serializers.orderedStream().toList();
        SerializerType chosen = AmbChoices.serializer(environment);
        MessageSerializer writer = available.stream()
            .filter(serializer -> serializer.canRead(chosen.contentType()))
            .findFirst()
            .orElseThrow(() -> new InvalidAmbPropertyException(AmbChoices.SERIALIZER_PROPERTY, chosen.value(), null,
                    "no " + chosen.value() + " serializer is available: add " + chosen.library()
                            + " to the class path",
                    Arrays.stream(SerializerType.values())
                        .filter(type -> available.stream().anyMatch(serializer -> serializer.canRead(type.contentType())))
                        .map(SerializerType::value)
                        .collect(Collectors.joining(", "))));
        String agentId = agentId(properties, environment);
        SecurityInterceptors security = new SecurityInterceptors(properties.getSecurity(), agentId,
                signingKeys.getIfAvailable(), auditSink.getIfAvailable(() -> AuditSink.NONE), java.time.Clock.systemUTC());
        DefaultMessageBus.Builder builder = DefaultMessageBus.builder(broker)
            .agentId(agentId)
            .outboundInterceptors(security.outbound)
            .outboundInterceptors(outboundInterceptors.orderedStream().toList())
            .inboundInterceptors(security.inbound)
            .inboundInterceptors(inboundInterceptors.orderedStream().toList())
            .serializer(writer)
            .readers(available)
            .requestTimeout(properties.getRequest().getTimeout())
            .shutdownTimeout(properties.getShutdownTimeout())
            .publishTimeout(properties.getPublishTimeout())
            .retryPolicy(retryPolicy.getIfAvailable(RetryPolicy::none))
            .circuitBreakers(circuitBreakers.getIfAvailable())
            .metrics(metrics.getIfAvailable(() -> BusMetrics.NONE))
            .deadLetters(new DeadLetterSettings(properties.getDeadLetter().isEnabled(),
                    properties.getDeadLetter().getTopic(), DeadLetterSettings.defaults().publishRetryDelay()));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean(DeadLetters.class)
    @ConditionalOnBean(DefaultMessageBus.class)
    DeadLetters ambDeadLetters(DefaultMessageBus bus) {
        return bus.deadLetters();
    }

    private static String agentId(AmbProperties properties, Environment environment) {
        String configured = properties.getAgent().getId();
        if (configured != null && !configured.isBlank()) {
            if (!AgentIds.isValid(configured)) {
                throw new InvalidAmbPropertyException("amb.agent.id", configured, null,
                        "it becomes the CloudEvents source of every message", AgentIds.RULE);
            }
            return configured;
        }
        String application = AgentIds.sanitize(environment.getProperty("spring.application.name", "amb-agent"));
        return application + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
