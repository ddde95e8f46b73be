package dev.amb.broker.memory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.MessageRejectedException;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryBrokerTests {

    private MemoryBroker broker;

    private DefaultMessageBus bus;

    private void start(MemoryBroker.Settings settings) {
        broker = new MemoryBroker(settings);
        bus = DefaultMessageBus.builder(broker).agentId("memory-test").serializer(new JsonMessageSerializer()).build();
    }

    @AfterEach
    void stop() {
        if (bus != null) {
            bus.close();
            broker.close();
        }
    }

    @Test
    void fullQueueFailsThePublishNamingTheSubscriptionAndStillDeliversToTheOthers() {
        start(MemoryBroker.Settings.defaults().withMaxQueueSize(2));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger slowHandled = new AtomicInteger();
        List<String> fast = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern("jobs").id("slow-consumer"), String.class, message -> {
            gate.join();
            slowHandled.incrementAndGet();
        });
        bus.subscribe(SubscriptionOptions.pattern("jobs").id("fast-consumer"), String.class, m -> fast.add(m.data()));
        bus.publish("jobs", "0").join(); // taken by the slow worker
        Awaitility.await().until(() -> fast.size() == 1);
        bus.publish("jobs", "1").join();
        bus.publish("jobs", "2").join(); // slow queue now holds 2
        Awaitility.await().until(() -> fast.size() == 3); // the fast queue is empty again

        CompletableFuture<Void> overflow = bus.publish("jobs", "3");

        assertThatThrownBy(overflow::join).isInstanceOf(CompletionException.class)
            .cause()
            .isInstanceOf(MessageRejectedException.class)
            .hasMessageContaining("slow-consumer")
            .hasMessageContaining("amb.memory.max-queue-size=2")
            .hasMessageNotContaining("fast-consumer");
        Awaitility.await().until(() -> fast.size() == 4);
        gate.complete(null);
        Awaitility.await().until(() -> slowHandled.get() == 3);
        assertThat(bus.counters().publishFailures()).isEqualTo(1);
    }

    @Test
    void routesOfAPublishedTopicFollowEverySubscribeAndUnsubscribeAtOnce() {
        start(MemoryBroker.Settings.defaults());
        List<String> exact = new CopyOnWriteArrayList<>();
        List<String> wildcard = new CopyOnWriteArrayList<>();
        bus.publish("routes.a", "nobody yet").join(); // the topic's (empty) routes are now cached

        Subscription first = bus.subscribe("routes.a", String.class, m -> exact.add(m.data()));
        bus.publish("routes.a", "one").join();
        bus.subscribe("routes.*", String.class, m -> wildcard.add(m.data()));
        bus.publish("routes.a", "two").join();
        Awaitility.await().until(() -> exact.size() == 2 && wildcard.size() == 1);
        first.close();
        bus.publish("routes.a", "three").join();

        Awaitility.await().until(() -> wildcard.size() == 2);
        assertThat(exact).containsExactly("one", "two");
        assertThat(wildcard).containsExactly("two", "three");
    }

    @Test
    void latencyDelaysDeliveryAndThePublishConfirmation() throws Exception {
        start(MemoryBroker.Settings.defaults().withLatency(Duration.ofMillis(500)));
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe("slow.net", String.class, m -> received.add(m.data()));

        CompletableFuture<Void> sent = bus.publish("slow.net", "hello");

        assertThat(sent).isNotDone();
        assertThat(received).isEmpty();
        sent.get(10, TimeUnit.SECONDS);
        Awaitility.await().until(() -> received.equals(List.of("hello")));
    }

    @Test
    void failureRateFailsThatShareOfPublishesWithAClearError() {
        start(MemoryBroker.Settings.defaults().withFailureRate(1.0));

        assertThatThrownBy(() -> bus.publish("chaos", "x").join()).cause()
            .isInstanceOf(AmbException.class)
            .hasMessageContaining("Simulated broker failure")
            .hasMessageContaining("amb.memory.failure-rate=1.0");
    }

    @Test
    void partialFailureRateFailsSomePublishesAndDeliversTheRest() {
        start(MemoryBroker.Settings.defaults().withFailureRate(0.5));
        AtomicInteger received = new AtomicInteger();
        bus.subscribe("chaos", Integer.class, m -> received.incrementAndGet());
        int failed = 0;
        for (int i = 0; i < 1000; i++) {
            if (bus.publish("chaos", i).isCompletedExceptionally()) {
                failed++;
            }
        }
        int accepted = 1000 - failed;

        Awaitility.await().until(() -> received.get() == accepted);
        assertThat(failed).isBetween(300, 700);
    }

    @Test
    void leavingGroupMemberHandsItsQueuedMessagesToTheRemainingMembers() {
        start(MemoryBroker.Settings.defaults().withShutdownGrace(Duration.ofSeconds(5)));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger leaverStarted = new AtomicInteger();
        AtomicInteger leaverHandled = new AtomicInteger();
        List<Integer> stayer = new CopyOnWriteArrayList<>();
        var leaving = broker.subscribe(SubscriptionSpec.of("leaver", "work", "g", 1), delivery -> {
            leaverStarted.incrementAndGet();
            gate.join();
            leaverHandled.incrementAndGet();
            delivery.ack();
        });
        for (int i = 0; i < 10; i++) {
            broker.publish(envelope("work", i)).join();
        }
        Awaitility.await().until(() -> leaverStarted.get() == 1);
        broker.subscribe(SubscriptionSpec.of("stayer", "work", "g", 1), delivery -> {
            stayer.add(Integer.parseInt(new String(delivery.envelope().data())));
            delivery.ack();
        });

        CompletableFuture<Void> closing = CompletableFuture.runAsync(leaving::close);
        gate.complete(null);
        closing.join();

        Awaitility.await().until(() -> leaverHandled.get() + stayer.size() == 10);
        assertThat(broker.discardedCount()).isZero();
    }

    @Test
    void publishRacingASubscriptionsCloseIsNotReportedAsAFullQueue() {
        start(MemoryBroker.Settings.defaults());
        AtomicInteger steady = new AtomicInteger();
        bus.subscribe("race", Integer.class, m -> steady.incrementAndGet());
        CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 2000; i++) {
                bus.subscribe("race", Integer.class, m -> {
                }).close();
            }
        });
        int failed = 0;
        int sent = 0;
        while (!churn.isDone() && sent < 5000) { // below the 10,000-message queue bound
            failed += bus.publish("race", sent++).isCompletedExceptionally() ? 1 : 0;
        }
        churn.join();
        int total = sent;

        assertThat(failed).isZero();
        Awaitility.await().until(() -> steady.get() == total);
    }

    @Test
    void nackRedeliversWithTheNextAttemptAfterTheDelay() {
        start(MemoryBroker.Settings.defaults());
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("nacker", "retry", null, 1), delivery -> {
            attempts.add(delivery.deliveryAttempt());
            if (delivery.deliveryAttempt() < 3) {
                delivery.nack(Duration.ofMillis(10));
            }
            else {
                delivery.ack();
            }
        });

        broker.publish(envelope("retry", 1)).join();

        Awaitility.await().until(() -> attempts.equals(List.of(1, 2, 3)));
    }

    @Test
    void closingTheBrokerStopsItsThreadsAndRefusesWork() {
        start(MemoryBroker.Settings.defaults().withShutdownGrace(Duration.ofSeconds(5)));
        AtomicInteger handled = new AtomicInteger();
        bus.subscribe(SubscriptionOptions.pattern("busy").concurrency(4), String.class, m -> handled.incrementAndGet());
        for (int i = 0; i < 200; i++) {
            bus.publish("busy", "m" + i);
        }

        broker.close();
        broker.close();

        assertThat(broker.isClosed()).isTrue();
        String prefix = broker.threadPrefix();
        Awaitility.await().until(() -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith(prefix + "-") || t.getName().startsWith(prefix + "[")));
        assertThatThrownBy(() -> broker.publish(envelope("busy", 1)).join()).hasMessageContaining("closed");
        assertThatIllegalStateException().isThrownBy(() -> broker.subscribe(SubscriptionSpec.of("late", "x", null, 1),
                d -> {
                })).withMessageContaining("closed");
        int settled = handled.get();
        Awaitility.await().during(Duration.ofMillis(100)).until(() -> handled.get() == settled);
    }

    @Test
    void settingsAreValidatedNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> MemoryBroker.Settings.defaults().withMaxQueueSize(0))
            .withMessageContaining("amb.memory.max-queue-size");
        assertThatIllegalArgumentException().isThrownBy(() -> MemoryBroker.Settings.defaults().withFailureRate(1.5))
            .withMessageContaining("amb.memory.failure-rate");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> MemoryBroker.Settings.defaults().withLatency(Duration.ofMillis(-1)))
            .withMessageContaining("amb.memory.latency");
    }

    private static Envelope envelope(String topic, int value) {
        return Envelope.builder().id("id-" + value).topic(topic).data(String.valueOf(value).getBytes()).build();
    }

    @Test
    void closingFailsPublishesStillWaitingForTheirLatency() {
        start(MemoryBroker.Settings.defaults().withLatency(Duration.ofSeconds(30)));
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe("slow.closing", String.class, m -> received.add(m.data()));
        CompletableFuture<Void> sent = bus.publish("slow.closing", "never delivered");

        broker.close();

        assertThat(sent).isCompletedExceptionally();
        assertThatThrownBy(sent::join).hasMessageContaining("closed before the publish to 'slow.closing'");
        assertThat(broker.droppedPublishCount()).isEqualTo(1);
        assertThat(received).isEmpty();
    }

    @Test
    void closingCountsRedeliveriesStillWaitingForTheirDelay() throws Exception {
        start(MemoryBroker.Settings.defaults());
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        broker.subscribe(SubscriptionSpec.of("raw-nacker", "redeliver.later", null, 1), delivery -> {
            delivery.nack(Duration.ofMinutes(5));
            delivered.complete(null);
        });
        broker.publish(envelope("redeliver.later", 1))
            .get(10, TimeUnit.SECONDS);
        delivered.get(10, TimeUnit.SECONDS);

        broker.close();

        assertThat(broker.discardedCount()).isEqualTo(1);
    }
}
