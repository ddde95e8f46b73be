package dev.amb.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AckMode;
import dev.amb.Message;
import dev.amb.MessageFilter;
import dev.amb.MessageSerializationException;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultMessageBusTests {

    private final MemoryBroker broker = new MemoryBroker();

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("test-agent")
        .serializer(new JsonMessageSerializer())
        .build();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    @Test
    void invalidTopicFailsOnTheCallingThreadBeforeAnythingIsSent() {
        List<Envelope> seen = rawSubscribe("#");

        assertThatIllegalArgumentException().isThrownBy(() -> bus.publish("agents..tasks", "x"))
            .withMessageContaining("'agents..tasks'");
        assertThatIllegalArgumentException().isThrownBy(() -> bus.publish("agents.*", "x"))
            .withMessageContaining("wildcard");
        assertThat(seen).isEmpty();
        assertThat(bus.counters().published()).isZero();
    }

    @Test
    void invalidHeadersFailOnTheCallingThread() {
        assertThatIllegalArgumentException().isThrownBy(() -> bus.publish("a", "x", Map.of("bad name", "v")))
            .withMessageContaining("'bad name'");
        java.util.HashMap<String, String> nullValue = new java.util.HashMap<>();
        nullValue.put("h", null);
        assertThatIllegalArgumentException().isThrownBy(() -> bus.publish("a", "x", nullValue))
            .withMessageContaining("'h'");
    }

    @Test
    void invalidPatternFailsSubscribeNamingThePattern() {
        assertThatIllegalArgumentException().isThrownBy(() -> bus.subscribe("agents.ta sks", String.class, m -> {
        })).withMessageContaining("'agents.ta sks'");
        assertThat(bus.subscriptions()).isEmpty();
    }

    @Test
    void payloadThatCannotBeSerializedFailsFastNamingItsType() {
        Object unserializable = new Object() {
            public Object getSelf() {
                throw new IllegalStateException("no");
            }
        };

        assertThatThrownBy(() -> bus.publish("a", unserializable)).isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("DefaultMessageBusTests");
    }

    @Test
    void envelopeCarriesTheCloudEventsAttributes() {
        List<Envelope> seen = rawSubscribe("agents.#");
        Instant before = Instant.now();

        bus.publish("agents.tasks", Map.of("k", "v"), Map.of("priority", "high")).join();

        Awaitility.await().until(() -> seen.size() == 1);
        Envelope envelope = seen.get(0);
        assertThat(UUID.fromString(envelope.id())).isNotNull();
        assertThat(envelope.source()).isEqualTo("test-agent");
        assertThat(envelope.topic()).isEqualTo("agents.tasks");
        assertThat(envelope.time()).isBetween(before, Instant.now());
        assertThat(envelope.contentType()).isEqualTo("application/json");
        assertThat(envelope.headers()).containsExactly(Map.entry("priority", "high"));
        assertThat(new String(envelope.data())).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void undecodablePayloadIsCountedAndTheSubscriptionCarriesOn() {
        List<Integer> received = new CopyOnWriteArrayList<>();
        bus.subscribe("numbers", Integer.class, message -> received.add(message.data()));

        bus.publish("numbers", "not a number").join();
        bus.publish("numbers", 42).join();

        Awaitility.await().until(() -> received.equals(List.of(42)));
        assertThat(bus.counters().undecodable()).isEqualTo(1);
    }

    @Test
    void filterRejectionsAreSkippedAndCounted() {
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern("alerts").filter(MessageFilter.header("priority", "high")), String.class,
                message -> received.add(message.data()));

        bus.publish("alerts", "low", Map.of("priority", "low")).join();
        bus.publish("alerts", "high", Map.of("priority", "high")).join();

        Awaitility.await().until(() -> received.equals(List.of("high")));
        assertThat(bus.counters().filtered()).isEqualTo(1);
    }

    @Test
    void filterThatThrowsIsAFailureNotACrash() {
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern("alerts").filter(message -> {
            if (message.data().equals("boom")) {
                throw new IllegalStateException("filter failed");
            }
            return true;
        }), String.class, message -> received.add(message.data()));

        bus.publish("alerts", "boom").join();
        bus.publish("alerts", "fine").join();

        Awaitility.await().until(() -> received.equals(List.of("fine")));
        Awaitility.await().until(() -> bus.counters().deadLettered() == 1);
    }

    @Test
    void settlementMethodsAreOnlyAvailableInManualMode() {
        AtomicReference<Message<String>> captured = new AtomicReference<>();
        bus.subscribe("auto", String.class, captured::set);

        bus.publish("auto", "x").join();

        Awaitility.await().until(() -> captured.get() != null);
        assertThatIllegalStateException().isThrownBy(() -> captured.get().ack()).withMessageContaining("AckMode.MANUAL")
            .withMessageContaining("AUTO");
        assertThatIllegalStateException().isThrownBy(() -> captured.get().reject(true, Duration.ZERO));
        assertThatIllegalStateException().isThrownBy(() -> captured.get().deadLetter("no"));
    }

    @Test
    void manualRejectWithRequeueRedeliversWithTheNextAttemptNumber() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern("manual").ackMode(AckMode.MANUAL), String.class, message -> {
            attempts.add(message.deliveryAttempt());
            if (message.deliveryAttempt() < 3) {
                message.reject(true, Duration.ofMillis(20));
            }
            else {
                message.ack();
            }
        });

        bus.publish("manual", "retry me").join();

        Awaitility.await().until(() -> attempts.equals(List.of(1, 2, 3)));
    }

    @Test
    void subscriptionsAreListedUntilClosed() {
        var first = bus.subscribe("a", String.class, m -> {
        });
        var second = bus.subscribe(SubscriptionOptions.pattern("b.*").group("g").id("named"), String.class, m -> {
        });

        assertThat(bus.subscriptions()).containsExactlyInAnyOrder(first, second);
        assertThat(second.group()).isEqualTo("g");
        assertThat(second.pattern()).isEqualTo("b.*");
        first.close();
        assertThat(bus.subscriptions()).containsExactly(second);
    }

    @Test
    void builderNeedsASerializerAndAValidAgentId() {
        assertThatIllegalStateException().isThrownBy(() -> DefaultMessageBus.builder(broker).build())
            .withMessageContaining("serializer");
        assertThatIllegalArgumentException().isThrownBy(() -> DefaultMessageBus.builder(broker).agentId(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> DefaultMessageBus.builder(broker).requestTimeout(Duration.ZERO));
    }

    @Test
    void busCloseDoesNotCloseTheBrokerItDoesNotOwn() {
        bus.close();

        assertThat(broker.isClosed()).isFalse();
        AtomicInteger otherBusReceived = new AtomicInteger();
        DefaultMessageBus other = DefaultMessageBus.builder(broker).serializer(new JsonMessageSerializer()).build();
        other.subscribe("still.open", String.class, m -> otherBusReceived.incrementAndGet());
        other.publish("still.open", "x").join();
        Awaitility.await().until(() -> otherBusReceived.get() == 1);
        other.close();
    }

    @Test
    void replyWithAnUnknownCorrelationIdIsDroppedAndCounted() throws Exception {
        bus.respond("echo", null, String.class, request -> request.data());
        bus.request("echo", "warm-up", String.class, Duration.ofSeconds(5)).get(5, java.util.concurrent.TimeUnit.SECONDS);

        broker.publish(Envelope.builder()
            .id("stray")
            .topic(bus.inboxTopic())
            .contentType("application/json")
            .data("\"nobody asked\"".getBytes())
            .extension("correlationid", "no-such-request")
            .build()).join();

        Awaitility.await().until(() -> bus.counters().unmatchedReplies() == 1);
        assertThat(bus.pendingRequests()).isZero();
    }

    @Test
    void requestLeavesThePendingTableBeforeItsFutureCompletes() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        bus.respond("held", null, String.class, request -> answer.get(5, TimeUnit.SECONDS));
        // a stage added by the caller runs when the reply completes the future, on the replying thread
        CompletableFuture<Integer> pendingWhenCompleted = bus.request("held", "x", String.class, Duration.ofSeconds(5))
            .thenApply(reply -> bus.pendingRequests());

        answer.complete("done");

        assertThat(pendingWhenCompleted.get(5, TimeUnit.SECONDS)).isZero();
    }

    private List<Envelope> rawSubscribe(String pattern) {
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("raw", pattern, null, 1), delivery -> {
            seen.add(delivery.envelope());
            delivery.ack();
        });
        return seen;
    }

    @Test
    void aSubscribeRacingCloseLeavesNoLiveBrokerSubscription() throws Exception {
        GatedBroker gated = new GatedBroker(broker, -1);
        DefaultMessageBus racing = DefaultMessageBus.builder(gated).agentId("racing-agent")
            .serializer(new JsonMessageSerializer()).build();
        List<String> raced = new CopyOnWriteArrayList<>();
        List<String> witness = new CopyOnWriteArrayList<>();
        bus.subscribe("race.topic", String.class, m -> witness.add(m.data()));
        gated.gateSubscribe();
        CompletableFuture<Object> subscribing = CompletableFuture.supplyAsync(() -> racing.subscribe("race.topic",
                String.class, m -> raced.add(m.data())));
        assertThat(gated.subscribing.await(10, TimeUnit.SECONDS)).isTrue();

        racing.close();
        gated.letSubscribe.countDown();

        assertThatThrownBy(() -> subscribing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        for (int i = 0; i < 5; i++) {
            bus.publish("race.topic", "after-" + i).join();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> witness.size() == 5);
        assertThat(raced).isEmpty();
        assertThat(racing.subscriptions()).isEmpty();
    }

    @Test
    void aPayloadAboveTheBrokersLimitFailsFastNamingSizeAndLimit() {
        DefaultMessageBus limited = DefaultMessageBus.builder(new GatedBroker(broker, 1000)).agentId("limited-agent")
            .serializer(new JsonMessageSerializer()).build();
        try {
            List<String> seen = new CopyOnWriteArrayList<>();
            bus.subscribe("limit.topic", String.class, m -> seen.add(m.data()));

            CompletableFuture<Void> refused = limited.publish("limit.topic", "x".repeat(2000));

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(dev.amb.MessageRejectedException.class)
                .hasMessageContaining("more than the 1000 bytes the memory broker accepts")
                .hasMessageMatching("(?s).*is 2\\d{3} bytes.*");
            limited.publish("limit.topic", "small").join();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.equals(List.of("small")));
            assertThat(limited.counters().publishFailures()).isEqualTo(1);
        }
        finally {
            limited.close();
        }
    }

    @Test
    void closeLetsARunningHandlerPublishItsDeadLetterAndDownstreamMessages() throws Exception {
        List<String> downstream = new CopyOnWriteArrayList<>();
        List<String> deadLetters = new CopyOnWriteArrayList<>();
        DefaultMessageBus witness = DefaultMessageBus.builder(broker).agentId("witness-agent")
            .serializer(new JsonMessageSerializer()).build();
        try {
            witness.subscribe("drain.out", String.class, m -> downstream.add(m.data()));
            witness.subscribe("amb.dead-letter", Object.class, m -> deadLetters.add(m.id()));
            CompletableFuture<Void> handling = new CompletableFuture<>();
            bus.subscribe("drain.in", String.class, m -> {
                handling.complete(null);
                TimeUnit.MILLISECONDS.sleep(300);
                bus.publish("drain.out", m.data());
                throw new IllegalStateException("fails after forwarding");
            });
            witness.publish("drain.in", "work").join();
            handling.get(10, TimeUnit.SECONDS);

            Thread.currentThread().interrupt(); // an interrupted closing thread must not cut the drain short
            try {
                bus.close();
            }
            finally {
                Thread.interrupted();
            }

            Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> downstream.equals(List.of("work")) && deadLetters.size() == 1);
            assertThat(bus.counters().deadLettered()).isEqualTo(1);
        }
        finally {
            witness.close();
        }
    }
}
