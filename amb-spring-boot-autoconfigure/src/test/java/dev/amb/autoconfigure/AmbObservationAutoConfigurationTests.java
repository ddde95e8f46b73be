package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.AckMode;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.kit.TestTracing;
import dev.amb.observability.AmbPublishContext;
import dev.amb.observability.BatchLinkingTracingObservationHandler;
import dev.amb.observability.DefaultAmbPublishObservationConvention;
import dev.amb.observability.ObservationBusObserver;

import static org.assertj.core.api.Assertions.assertThat;

class AmbObservationAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class));

    @Test
    void observesWithTheApplicationsObservationRegistry() {
        contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(context -> {
            context.getBean(DefaultMessageBus.class).publish("observed", "x").get(10, TimeUnit.SECONDS);
            TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
            KitSupport.waitAtMost(Duration.ofSeconds(10)).untilAsserted(() -> TestObservationRegistryAssert
                .assertThat(registry).hasObservationWithNameEqualTo("amb.publish").that().hasBeenStopped());
        });
    }

    @Test
    void observationsCanBeSwitchedOff() {
        contextRunner.withPropertyValues("amb.observation.enabled=false")
            .withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .run(context -> {
                context.getBean(DefaultMessageBus.class).publish("unobserved", "x").get(10, TimeUnit.SECONDS);
                TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
                    .doesNotHaveAnyObservation();
            });
    }

    @Test
    void withoutARegistryTheBusStillWorks() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(ObservationBusObserver.class)
                .doesNotHaveBean(BatchLinkingTracingObservationHandler.class);
            context.getBean(DefaultMessageBus.class).publish("plain", "x").get(10, TimeUnit.SECONDS);
        });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .withBean(DefaultAmbPublishObservationConvention.class, () -> new DefaultAmbPublishObservationConvention() {
                @Override
                public String getContextualName(AmbPublishContext context) {
                    return "custom " + context.envelope().topic();
                }
            })
            .run(context -> {
                context.getBean(DefaultMessageBus.class).publish("renamed", "x").get(10, TimeUnit.SECONDS);
                TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
                KitSupport.waitAtMost(Duration.ofSeconds(10)).untilAsserted(() -> TestObservationRegistryAssert
                    .assertThat(registry).hasObservationWithNameEqualTo("amb.publish").that()
                    .hasContextualNameEqualTo("custom renamed"));
            });
    }

    @Test
    void withSpringBootsTracingBatchSpansLinkTheirMessagesTraces() {
        SimpleTracer tracer = new SimpleTracer();
        contextRunner
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class))
            .withBean(Tracer.class, () -> tracer)
            .withBean(Propagator.class, () -> TestTracing.w3cPropagator(tracer))
            .run(context -> {
                assertThat(context).hasSingleBean(BatchLinkingTracingObservationHandler.class);
                DefaultMessageBus bus = context.getBean(DefaultMessageBus.class);
                ObservationRegistry registry = context.getBean(ObservationRegistry.class);
                bus.subscribeBatch(SubscriptionOptions.pattern("batched").ackMode(AckMode.BATCH).batchSize(2)
                    .batchTimeout(Duration.ofSeconds(30)), String.class, messages -> {
                    });
                for (String text : List.of("a", "b")) {
                    io.micrometer.observation.Observation.createNotStarted("test", registry)
                        .observeChecked(() -> bus.publish("batched", text).get(10, TimeUnit.SECONDS));
                }
                KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> tracer.getSpans().stream()
                    .anyMatch(span -> "process_batch batched".equals(span.getName()) && span.getEndTimestamp().toEpochMilli() > 0));
                SimpleSpan batch = tracer.getSpans().stream().filter(span -> "process_batch batched".equals(span.getName()))
                    .findFirst().orElseThrow();
                assertThat(batch.getLinks()).hasSize(2);
                assertThat(batch.getKind()).isEqualTo(io.micrometer.tracing.Span.Kind.CONSUMER);
            });
    }

    @Test
    void withoutMicrometerTracingThereIsNoLinkingHandler() {
        contextRunner.withClassLoader(new FilteredClassLoader(Tracer.class))
            .withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .run(context -> assertThat(context).hasSingleBean(ObservationBusObserver.class)
                .doesNotHaveBean(BatchLinkingTracingObservationHandler.class));
    }
}
