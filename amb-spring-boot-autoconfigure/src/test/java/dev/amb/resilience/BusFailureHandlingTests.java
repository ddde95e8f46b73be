package dev.amb.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.CircuitOpenException;
import dev.amb.Message;
import dev.amb.MessageFilter;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.core.RedeliveryLimitException;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Breaker;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bus's failure handling with Resilience4j on the memory broker: publishing breakers, errors
 * that must not be swallowed, the redelivery limit, disabled dead letters, dead-letter loops, and
 * replaying dead letters.
 */
class BusFailureHandlingTests {

    private final MemoryBroker memory = new MemoryBroker();

    /** The memory broker behind a switch that makes every publish fail, as a broker outage would. */
    private final OutageBroker broker = new OutageBroker(memory);

    private final List<CircuitBreakerStateChangedEvent> events = new CopyOnWriteArrayList<>();

    private DefaultMessageBus bus = bus(true);

    private DefaultMessageBus bus(boolean deadLetters) {
        return DefaultMessageBus.builder(broker)
            .agentId("failure-test")
            .serializer(new JsonMessageSerializer())
            .retryPolicy(new Resilience4jRetryPolicy(new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(2), 2.0,
                    0.0, List.of(), List.of())))
            .circuitBreakers(new Resilience4jCircuitBreakers(CircuitBreakerRegistry.ofDefaults(),
                    new BreakerSettings(3, Duration.ofMillis(300), 1), events::add))
            .deadLetters(new DeadLetterSettings(deadLetters, "failures.dead", Duration.ofMillis(10)))
            .build();
    }

    @AfterEach
    void close() {
        bus.close();
        memory.close();
    }

    @Test
    void repeatedBrokerFailuresOpenThePublishBreakerWhichThenFailsFastUntilItRecovers() {
        broker.down.set(true);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> bus.publish("orders", "x").join()).hasCauseInstanceOf(AmbException.class)
                .hasMessageContaining("broker outage");
        }

        assertThatThrownBy(() -> bus.publish("orders", "x").join()).cause()
            .isInstanceOfSatisfying(CircuitOpenException.class,
                    ex -> assertThat(ex.breakerName()).isEqualTo("amb.publish.orders"))
            .hasMessageContaining("refused at once");
        assertThat(broker.attempts.get()).as("publishes that reached the broker").isEqualTo(3);
        bus.publish("other.topic", "x").exceptionally(ex -> null).join();
        assertThat(broker.attempts.get()).as("another topic's breaker is separate").isEqualTo(4);

        broker.down.set(false);
        Awaitility.await().until(() -> events.stream().anyMatch(e -> e.to() == Breaker.State.HALF_OPEN));
        bus.publish("orders", "x").join();
        assertThat(events).anyMatch(e -> e.name().equals("amb.publish.orders") && e.to() == Breaker.State.CLOSED);
    }

    @Test
    void anErrorIsNotSwallowedAndAMessageThatKeepsCrashingIsDeadLetteredAtTheRedeliveryLimit() {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> uncaught.add(ex));
        try {
            AtomicInteger calls = new AtomicInteger();
            List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();
            bus.subscribe("failures.dead", Object.class, deadLetters::add);
            bus.subscribe("crashing", String.class, message -> {
                calls.incrementAndGet();
                throw new AssertionError("simulated crash");
            });

            bus.publish("crashing", "boom").join();

            Awaitility.await().dontCatchUncaughtExceptions().until(() -> deadLetters.size() == 1);
            assertThat(calls.get()).isEqualTo(4);
            assertThat(uncaught).hasSize(4).allMatch(ex -> ex instanceof AssertionError);
            assertThat(deadLetters.get(0).headers())
                .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_CLASS, RedeliveryLimitException.class.getName())
                .containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "4");
        }
        finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void withDeadLettersDisabledAFailedMessageIsLoggedCountedAndDropped() {
        bus.close();
        bus = bus(false);
        List<Object> deadLetters = new CopyOnWriteArrayList<>();
        bus.subscribe("failures.dead", Object.class, message -> deadLetters.add(message.data()));
        bus.subscribe("fragile", String.class, message -> {
            throw new IllegalStateException("no");
        });

        bus.publish("fragile", "x").join();

        Awaitility.await().until(() -> bus.counters().droppedFailures() == 1);
        Awaitility.await().during(Duration.ofMillis(200)).until(deadLetters::isEmpty);
        assertThat(bus.counters().deadLettered()).isZero();
    }

    @Test
    void aMessageFailingOnTheDeadLetterTopicIsNotDeadLetteredAgain() {
        AtomicInteger deadLetterAttempts = new AtomicInteger();
        bus.subscribe("failures.dead", Object.class, message -> {
            deadLetterAttempts.incrementAndGet();
            throw new IllegalStateException("the dead-letter handler fails too");
        });
        bus.subscribe("fragile", String.class, message -> {
            throw new IllegalStateException("no");
        });

        bus.publish("fragile", "x").join();

        Awaitility.await().until(() -> bus.counters().droppedFailures() == 1);
        assertThat(bus.counters().deadLettered()).isEqualTo(1);
        assertThat(deadLetterAttempts.get()).isEqualTo(4);
    }

    @Test
    void replayRepublishesTheSelectedDeadLettersOnceEach() {
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger minorAttempts = new AtomicInteger();
        bus.subscribe("jobs.#", String.class, message -> {
            boolean republished = message.headers().containsKey(AmbHeaders.REPUBLISHED_FROM);
            if (message.topic().equals("jobs.minor")) {
                minorAttempts.incrementAndGet();
            }
            if (!republished || message.data().equals("still-broken")) {
                throw new IllegalStateException("fails until republished");
            }
            handled.add(message.topic() + ":" + message.data());
        });
        var replay = bus.deadLetters().replay(MessageFilter.header(AmbHeaders.DEAD_LETTER_TOPIC, "jobs.important"));

        bus.publish("jobs.important", "a", Map.of("n", "1")).join();
        bus.publish("jobs.minor", "b").join();
        bus.publish("jobs.important", "still-broken").join();

        Awaitility.await().until(() -> handled.contains("jobs.important:a"));
        Awaitility.await().until(() -> bus.counters().deadLettered() == 4);
        Awaitility.await().during(Duration.ofMillis(300)).until(() -> bus.counters().deadLettered() == 4);
        assertThat(handled).containsExactly("jobs.important:a");
        assertThat(minorAttempts.get()).as("the minor job is not selected, so not replayed").isEqualTo(4);
        replay.close();
    }

    @Test
    void republishingAMessageThatIsNotADeadLetterIsRefused() {
        List<Message<String>> received = new CopyOnWriteArrayList<>();
        bus.subscribe("plain", String.class, received::add);
        bus.publish("plain", "x").join();
        Awaitility.await().until(() -> received.size() == 1);

        assertThatThrownBy(() -> bus.deadLetters().republish(received.get(0)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a dead letter");
    }

    /** Delegates to a real broker, but fails every publish while {@link #down} is set. */
    static final class OutageBroker implements Broker {

        final AtomicBoolean down = new AtomicBoolean();

        final AtomicInteger attempts = new AtomicInteger();

        private final Broker delegate;

        OutageBroker(Broker delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "outage";
        }

        @Override
        public BrokerCapabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public CompletableFuture<Void> publish(Envelope envelope) {
            if (down.get()) {
                attempts.incrementAndGet();
                return CompletableFuture.failedFuture(new AmbException("simulated broker outage"));
            }
            if (!envelope.topic().startsWith("failures")) {
                attempts.incrementAndGet();
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
