package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import dev.amb.DeadLetters;
import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;
import dev.amb.core.DefaultMessageBus;
import dev.amb.resilience.CircuitBreakerStateChangedEvent;
import dev.amb.resilience.Resilience4jCircuitBreakers;
import dev.amb.resilience.Resilience4jRetryPolicy;
import dev.amb.spi.Breaker;
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.RetryPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
                AmbAutoConfiguration.class));

    @Test
    void retryPropertiesConfigureTheRetryPolicy() {
        contextRunner
            .withPropertyValues("amb.retry.max-retries=5", "amb.retry.initial-delay=200ms", "amb.retry.max-delay=5s",
                    "amb.retry.multiplier=3", "amb.retry.jitter=0.2",
                    "amb.retry.non-retryable-exceptions=java.lang.IllegalArgumentException")
            .run(context -> {
                var settings = context.getBean(Resilience4jRetryPolicy.class).defaults();
                assertThat(settings.maxRetries()).isEqualTo(5);
                assertThat(settings.initialDelay()).isEqualTo(Duration.ofMillis(200));
                assertThat(settings.maxDelay()).isEqualTo(Duration.ofSeconds(5));
                assertThat(settings.multiplier()).isEqualTo(3.0);
                assertThat(settings.jitter()).isEqualTo(0.2);
                assertThat(settings.nonRetryable()).containsExactly(IllegalArgumentException.class);
            });
    }

    @Test
    void invalidRetryPropertiesFailStartUpNamingTheProperty() {
        contextRunner.withPropertyValues("amb.retry.jitter=1.5")
            .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("amb.retry.jitter"));
    }

    @Test
    void disabledDeadLettersDropFailedMessagesWithACounter() {
        contextRunner.withPropertyValues("amb.dead-letter.enabled=false", "amb.retry.max-retries=0")
            .withBean(FailingListener.class)
            .run(context -> {
                DefaultMessageBus bus = context.getBean(DefaultMessageBus.class);
                bus.publish("fragile", "x").join();
                Awaitility.await().until(() -> bus.counters().droppedFailures() == 1);
                assertThat(bus.counters().deadLettered()).isZero();
            });
    }

    @Test
    void deadLettersGoToTheConfiguredTopicAndTheDeadLettersBeanRepublishesThem() {
        contextRunner.withPropertyValues("amb.dead-letter.topic=ops.dlq", "amb.retry.max-retries=0")
            .withBean(FailingListener.class)
            .withBean(DeadLetterWatcher.class)
            .run(context -> {
                assertThat(context.getBean(DeadLetters.class).topic()).isEqualTo("ops.dlq");
                context.getBean(MessageBus.class).publish("fragile", "x").join();
                Awaitility.await().until(() -> context.getBean(DeadLetterWatcher.class).seen.size() == 1);
            });
    }

    @Test
    void listenerBreakerUsesTheResilience4jInstanceConfiguredForItsName() {
        contextRunner
            .withPropertyValues("resilience4j.circuitbreaker.instances.external-api.sliding-window-size=7",
                    "resilience4j.circuitbreaker.instances.external-api.minimum-number-of-calls=7",
                    "amb.circuit-breaker.failure-threshold=4")
            .run(context -> {
                CircuitBreakerProvider provider = context.getBean(CircuitBreakerProvider.class);
                provider.listenerBreaker("external-api");
                provider.listenerBreaker("unconfigured");
                CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
                assertThat(((Resilience4jCircuitBreakers) provider).registry()).isSameAs(registry);
                assertThat(registry.find("external-api").orElseThrow().getCircuitBreakerConfig().getSlidingWindowSize())
                    .isEqualTo(7);
                assertThat(registry.find("unconfigured").orElseThrow().getCircuitBreakerConfig().getSlidingWindowSize())
                    .isEqualTo(4);
            });
    }

    @Test
    void breakerStateChangesArePublishedAsApplicationEvents() {
        contextRunner.withBean(BreakerWatcher.class).run(context -> {
            context.getBean(CircuitBreakerProvider.class).listenerBreaker("payments");
            context.getBean(CircuitBreakerRegistry.class).circuitBreaker("payments").transitionToOpenState();

            List<CircuitBreakerStateChangedEvent> events = context.getBean(BreakerWatcher.class).events;
            Awaitility.await().until(() -> events.size() == 1);
            assertThat(events.get(0).name()).isEqualTo("payments");
            assertThat(events.get(0).from()).isEqualTo(Breaker.State.CLOSED);
            assertThat(events.get(0).to()).isEqualTo(Breaker.State.OPEN);
        });
    }

    @Test
    void withoutResilience4jHandlersAreNotRetriedAndABreakerNameFailsStartUpClearly() {
        ApplicationContextRunner withoutResilience = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.github.resilience4j"));
        withoutResilience.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RetryPolicy.class);
            assertThat(context).doesNotHaveBean(CircuitBreakerProvider.class);
        });
        withoutResilience.withBean(GuardedListener.class)
            .run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("names circuit breaker 'external-api', but this bus has no circuit breakers"));
    }

    static class FailingListener {

        @AgentListener(topics = "fragile")
        void on(String value) {
            throw new IllegalStateException("always fails");
        }
    }

    static class DeadLetterWatcher {

        final List<Object> seen = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "ops.dlq")
        void on(Object deadLetter) {
            seen.add(deadLetter);
        }
    }

    static class GuardedListener {

        @AgentListener(topics = "calls", circuitBreaker = "external-api")
        void on(String value) {
        }
    }

    static class BreakerWatcher {

        final List<CircuitBreakerStateChangedEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CircuitBreakerStateChangedEvent event) {
            events.add(event);
        }
    }
}
