package dev.amb.autoconfigure;

import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
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
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.MessageSerializer;
import dev.amb.spi.RetryPolicy;

/**
 * Auto-configuration of AMB: a {@link MessageBus} on the broker chosen by {@code amb.broker}
 * (the in-memory broker by default), writing the format chosen by {@code amb.serializer} and
 * reading every available format.
 *
 * <p>Every bean backs off when the application defines its own; {@link AmbMessageBusCustomizer}
 * beans adjust the bus without replacing it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class,
        afterName = "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration")
@Conditional(ValidChoicesCondition.class)
@EnableConfigurationProperties(AmbProperties.class)
@Import({ MemoryBrokerConfiguration.class, RedisBrokerConfiguration.class, NatsBrokerConfiguration.class,
        JsonSerializerConfiguration.class, MessagePackSerializerConfiguration.class, ProtobufSerializerConfiguration.class,
        ResilienceConfiguration.class, AgentListenerConfiguration.class })
public class AmbAutoConfiguration {

    /** Created by Spring. */
    AmbAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(MessageBus.class)
    DefaultMessageBus ambMessageBus(Broker broker, ObjectProvider<MessageSerializer> serializers, AmbProperties properties,
            Environment environment, ObjectProvider<RetryPolicy> retryPolicy,
            ObjectProvider<CircuitBreakerProvider> circuitBreakers, ObjectProvider<AmbMessageBusCustomizer> customizers) {
        List<MessageSerializer> available = serializers.orderedStream().toList();
        SerializerType chosen = AmbChoices.serializer(environment);
        MessageSerializer writer = available.stream()
            .filter(serializer -> serializer.canRead(chosen.contentType()))
            .findFirst()
            .orElseThrow(() -> new InvalidAmbPropertyException(AmbChoices.SERIALIZER_PROPERTY, chosen.value(), null,
                    "no " + chosen.value() + " serializer is available (is its library on the class path?)",
                    available.stream().map(MessageSerializer::contentType).toList().toString()));
        DefaultMessageBus.Builder builder = DefaultMessageBus.builder(broker)
            .agentId(agentId(properties, environment))
            .serializer(writer)
            .readers(available)
            .requestTimeout(properties.getRequest().getTimeout())
            .shutdownTimeout(properties.getShutdownTimeout())
            .publishTimeout(properties.getPublishTimeout())
            .retryPolicy(retryPolicy.getIfAvailable(RetryPolicy::none))
            .circuitBreakers(circuitBreakers.getIfAvailable())
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
