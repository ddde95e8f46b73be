package dev.amb.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Breaker;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Circuit breakers cannot wedge a subscription or a topic: application listeners that throw,
 * trial calls that never record an outcome, handlers that throw an {@code Error}, and callers that
 * cancel their publish future.
 */
class ResilienceBreakerTests {

    private final MemoryBroker memory = new MemoryBroker();

    private final HeldBroker broker = new HeldBroker(memory);

    private final List<CircuitBreakerStateChangedEvent> events = new CopyOnWriteArrayList<>();

    private final Resilience4jCircuitBreakers breakers = new Resilience4jCircuitBreakers(
            CircuitBreakerRegistry.ofDefaults(), new BreakerSettings(1, Duration.ofMillis(200), 1), events::add);

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("breaker-test")
        .serializer(new JsonMessageSerializer())
        .circuitBreakers(breakers)
        .build();

    @AfterEach
    void close() {
        bus.close();
        memory.close();
    }

    @Test
    void aThrowingApplicationListenerDoesNotKeepTheBusFromHearingAStateChange() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        Resilience4jCircuitBreakers throwing = new Resilience4jCircuitBreakers(registry, BreakerSettings.defaults(),
                event -> {
                    throw new IllegalStateException("an application @EventListener failed");
                });
        List<Breaker.State> told = new CopyOnWriteArrayList<>();
        throwing.listenerBreaker("payments").onStateChange(told::add);

        registry.circuitBreaker("payments").transitionToOpenState();
        registry.circuitBreaker("payments").transitionToHalfOpenState();

        assertThat(told).containsExactly(Breaker.State.OPEN, Breaker.State.HALF_OPEN);
    }

    @Test
    void aHalfOpenBreakerWhoseTrialCallNeverRecordsReopensAndLetsAnotherTrialThrough() {
        Breaker breaker = breakers.listenerBreaker("forgetful");
        CircuitBreaker delegate = breakers.registry().circuitBreaker("forgetful");
        delegate.transitionToOpenState();
        Awaitility.await().until(() -> breaker.state() == Breaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isTrue(); // a trial call whose outcome is never recorded

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (breaker.tryAcquirePermission()) {
                breaker.releasePermission();
                return true;
            }
            return false;
        });
    }

    @Test
    void anErrorFromTheHandlerCountsAsAFailureOfItsBreaker() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> { });
        try {
            AtomicInteger calls = new AtomicInteger();
            bus.subscribe(SubscriptionOptions.pattern("crashing").circuitBreaker("crashing-breaker"), String.class,
                    message -> {
                        calls.incrementAndGet();
                        throw new AssertionError("simulated crash");
                    });

            bus.publish("crashing", "boom").join();

            Awaitility.await().dontCatchUncaughtExceptions().until(() -> calls.get() >= 1);
            Awaitility.await().dontCatchUncaughtExceptions().until(() -> events.stream()
                .anyMatch(e -> e.name().equals("crashing-breaker") && e.to() == Breaker.State.OPEN));
        }
        finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void cancellingThePublishFutureDoesNotSkipTheBreakersRecordOfTheBrokersConfirmation() {
        broker.down.set(true);
        bus.publish("orders", "x").exceptionally(ex -> null).join(); // threshold 1: the breaker opens
        broker.down.set(false);
        Awaitility.await().until(() -> events.stream()
            .anyMatch(e -> e.name().equals("amb.publish.orders") && e.to() == Breaker.State.HALF_OPEN));

        broker.hold.set(true);
        CompletableFuture<Void> trial = bus.publish("orders", "trial");
        trial.cancel(false); // e.g. orTimeout or completeOnTimeout in the caller
        broker.hold.set(false);
        broker.held.get().complete(null); // the broker confirms afterwards

        Awaitility.await().until(() -> events.stream()
            .anyMatch(e -> e.name().equals("amb.publish.orders") && e.to() == Breaker.State.CLOSED));
        bus.publish("orders", "after").join();
    }

    /** The memory broker, with publishes that fail while {@link #down} and wait for the test while {@link #hold}. */
    static final class HeldBroker implements Broker {

        final AtomicBoolean down = new AtomicBoolean();

        final AtomicBoolean hold = new AtomicBoolean();

        final AtomicReference<CompletableFuture<Void>> held = new AtomicReference<>();

        private final Broker delegate;

        HeldBroker(Broker delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "held";
        }

        @Override
        public BrokerCapabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public CompletableFuture<Void> publish(Envelope envelope) {
            if (down.get()) {
                return CompletableFuture.failedFuture(new AmbException("simulated broker outage"));
            }
            if (hold.get()) {
                CompletableFuture<Void> confirmation = new CompletableFuture<>();
                held.set(confirmation);
                return confirmation;
            }
            return delegate.publish(envelope);
        }

        @Override
        public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
            return delegate.subscribe(spec, handler);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
