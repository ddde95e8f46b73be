package dev.amb.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AckMode;
import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.RemoteAgentException;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.core.RedeliveryLimitException;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Delivery attempts count failures, not deliveries: redeliveries that follow no failure do not use
 * up retries, the broker's delivery count is only a backstop, and {@code MANUAL} handlers settle once.
 */
class BusFailureHandlingAttemptsTests {

    private final MemoryBroker memory = new MemoryBroker();

    /** Reports every delivery of a topic starting with {@code redelivered.} as the broker's delivery {@link #count}. */
    private final CountingBroker broker = new CountingBroker(memory);

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("attempts-test")
        .serializer(new JsonMessageSerializer())
        .deadLetters(new DeadLetterSettings(true, "failures.dead", Duration.ofMillis(10)))
        .build();

    private final List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        bus.close();
        memory.close();
    }

    @Test
    void aMessageRedeliveredAfterAShutdownOrACrashIsHandledEvenWithoutRetries() {
        broker.count = 3; // delivered twice before, never failed (closing subscriptions, a crashed consumer)
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        bus.subscribe("redelivered.jobs", String.class, message -> attempts.add(message.deliveryAttempt()));

        bus.publish("redelivered.jobs", "x").join();

        Awaitility.await().until(() -> attempts.size() == 1);
        assertThat(attempts).as("the handler still sees the delivery count").containsExactly(3);
        assertThat(bus.counters().deadLettered()).isZero();
    }

    @Test
    void aResponderAnswersARedeliveredRequest() {
        broker.count = 2;
        bus.respond("redelivered.quotes", null, String.class, request -> "quote for " + request.data());

        Message<String> reply = bus.request("redelivered.quotes", "ACME", String.class, Duration.ofSeconds(30)).join();

        assertThat(reply.data()).isEqualTo("quote for ACME");
    }

    @Test
    void beyondTheBackstopAMessageIsDeadLetteredAndARequesterGetsAnErrorReply() {
        broker.count = 50;
        bus.subscribe("failures.dead", Object.class, deadLetters::add);
        AtomicInteger handled = new AtomicInteger();
        bus.subscribe("redelivered.poison", String.class, message -> handled.incrementAndGet());
        bus.respond("redelivered.ask", null, String.class, request -> {
            handled.incrementAndGet();
            return "never";
        });

        bus.publish("redelivered.poison", "x").join();
        CompletableFuture<Message<String>> reply = bus.request("redelivered.ask", "q", String.class,
                Duration.ofSeconds(30));

        assertThatThrownBy(reply::join).cause()
            .isInstanceOfSatisfying(RemoteAgentException.class,
                    ex -> assertThat(ex.remoteErrorType()).isEqualTo(RedeliveryLimitException.class.getName()));
        Awaitility.await().until(() -> deadLetters.size() == 2);
        assertThat(deadLetters).allSatisfy(deadLetter -> assertThat(deadLetter.headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_CLASS, RedeliveryLimitException.class.getName()));
        assertThat(handled.get()).isZero();
    }

    @Test
    void aManualHandlerThatDeadLettersAndThenThrowsMakesOneDeadLetter() {
        bus.subscribe("failures.dead", Object.class, deadLetters::add);
        AtomicInteger calls = new AtomicInteger();
        bus.subscribe(SubscriptionOptions.pattern("manual.jobs").ackMode(AckMode.MANUAL), String.class, message -> {
            calls.incrementAndGet();
            message.deadLetter("not for us");
            throw new IllegalStateException("and then it failed");
        });

        bus.publish("manual.jobs", "x").join();

        Awaitility.await().until(() -> deadLetters.size() == 1);
        Awaitility.await().during(Duration.ofMillis(500)).until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).headers()).containsEntry(AmbHeaders.DEAD_LETTER_REASON, "not for us");
        assertThat(calls.get()).isEqualTo(1);
        assertThat(bus.counters().deadLettered()).isEqualTo(1);
    }

    @Test
    void aManualHandlerThatRequeuesForEverIsStoppedByTheRedeliveryLimit() {
        bus.subscribe("failures.dead", Object.class, deadLetters::add);
        AtomicInteger calls = new AtomicInteger();
        bus.subscribe(SubscriptionOptions.pattern("manual.loop").ackMode(AckMode.MANUAL), String.class, message -> {
            calls.incrementAndGet();
            message.reject(true, Duration.ofMillis(1));
        });

        bus.publish("manual.loop", "x").join();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_CLASS, RedeliveryLimitException.class.getName());
        assertThat(calls.get()).isEqualTo(1 + 10); // one attempt (no retries) plus ten redeliveries without failure
    }

    /** The memory broker; deliveries on {@code redelivered.*} topics report the delivery count {@link #count}. */
    static final class CountingBroker implements Broker {

        volatile int count = 1;

        private final Broker delegate;

        CountingBroker(Broker delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public BrokerCapabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public CompletableFuture<Void> publish(Envelope envelope) {
            return delegate.publish(envelope);
        }

        @Override
        public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
            return delegate.subscribe(spec, delivery -> handler.onDelivery(
                    delivery.envelope().topic().startsWith("redelivered.") ? new Counted(delivery, count) : delivery));
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** A delivery with another delivery count. */
    private record Counted(Delivery delivery, int deliveryAttempt) implements Delivery {

        @Override
        public Envelope envelope() {
            return delivery.envelope();
        }

        @Override
        public void ack() {
            delivery.ack();
        }

        @Override
        public void nack(Duration delay) {
            delivery.nack(delay);
        }

        @Override
        public void reject() {
            delivery.reject();
        }
    }
}
