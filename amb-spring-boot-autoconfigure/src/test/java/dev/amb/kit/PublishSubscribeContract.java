package dev.amb.kit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitPayloads.Numbered;
import dev.amb.kit.KitPayloads.Task;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publish/subscribe: payloads, headers and attributes arrive intact, broadcast subscribers each get
 * every message exactly once, topics are isolated and order is kept per subscription.
 */
public interface PublishSubscribeContract extends KitContract {

    @Test
    default void roundTripKeepsPayloadHeadersAndAttributes() {
        DefaultMessageBus publisher = kit().bus("publisher-agent");
        DefaultMessageBus subscriber = kit().bus("subscriber-agent");
        Recorder<Task> received = new Recorder<>();
        String topic = kit().topic("tasks.created");
        subscriber.subscribe(topic, Task.class, received);
        Task task = new Task("t-1", 7, List.of("urgent", "billing"), Instant.parse("2026-11-21T10:15:30.123456Z"));
        Instant before = Instant.now();

        publisher.publish(topic, task, Map.of("priority", "high", "trace-id", "abc-123")).join();

        kit().await().until(() -> received.count() == 1);
        Message<Task> message = received.messages().get(0);
        assertThat(message.data()).isEqualTo(task);
        assertThat(message.topic()).isEqualTo(topic);
        assertThat(message.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("priority", "high", "trace-id", "abc-123"));
        assertThat(message.sender()).isEqualTo("publisher-agent");
        assertThat(UUID.fromString(message.id())).isNotNull();
        assertThat(message.timestamp()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(message.correlationId()).isNull();
        assertThat(message.replyTo()).isNull();
        assertThat(message.deliveryAttempt()).isEqualTo(1);
    }

    @Test
    default void unicodeSurvivesInPayloadAndHeaders() {
        DefaultMessageBus bus = kit().bus("unicode-agent");
        Recorder<String> received = new Recorder<>();
        String topic = kit().topic("unicode");
        bus.subscribe(topic, String.class, received);
        String text = "Grüße, 世界 🌍 — ñ, \u0000 and \"quotes\" \\ backslash";

        bus.publish(topic, text, Map.of("note", "naïve – ☃ 日本語")).join();

        kit().await().until(() -> received.count() == 1);
        assertThat(received.payloads()).containsExactly(text);
        assertThat(received.messages().get(0).headers()).containsEntry("note", "naïve – ☃ 日本語");
    }

    /**
     * 1 MiB of random bytes, or, on a broker with a lower message size limit (NATS: 1 MB by
     * default), the largest payload that fits: JSON carries bytes as base64 (4/3 larger) and the
     * envelope needs some room.
     */
    @Test
    default void largePayloadArrivesIntact() {
        int limit = kit().capabilities().maxPayloadBytes();
        int size = limit < 0 ? 1024 * 1024 : Math.min(1024 * 1024, (limit - 16 * 1024) / 4 * 3);
        DefaultMessageBus bus = kit().bus("large-agent");
        Recorder<byte[]> received = new Recorder<>();
        String topic = kit().topic("large");
        bus.subscribe(topic, byte[].class, received);
        byte[] payload = new byte[size];
        new Random(42).nextBytes(payload);

        bus.publish(topic, payload).join();

        kit().await().until(() -> received.count() == 1);
        assertThat(received.payloads().get(0)).isEqualTo(payload);
    }

    @Test
    default void emptyAndNullPayloadsArriveAsEmptyAndNull() {
        DefaultMessageBus bus = kit().bus("empty-agent");
        Recorder<String> received = new Recorder<>();
        String topic = kit().topic("empty");
        bus.subscribe(topic, String.class, received);

        bus.publish(topic, "").join();
        bus.publish(topic, null).join();

        kit().await().until(() -> received.count() == 2);
        assertThat(received.payloads()).containsExactlyInAnyOrder("", null);
    }

    @Test
    default void genericPayloadIsDecodedIntoTheDeclaredType() {
        DefaultMessageBus bus = kit().bus("generic-agent");
        Recorder<Map<String, List<Task>>> received = new Recorder<>();
        String topic = kit().topic("plans");
        bus.subscribe(SubscriptionOptions.pattern(topic), new ParameterizedTypeReference<Map<String, List<Task>>>() {
        }, received);
        Task task = new Task("t-9", 1, List.of(), Instant.parse("2026-01-01T00:00:00Z"));

        bus.publish(topic, Map.of("monday", List.of(task))).join();

        kit().await().until(() -> received.count() == 1);
        Map<String, List<Task>> plan = received.payloads().get(0);
        assertThat(plan.get("monday")).singleElement().isInstanceOf(Task.class).isEqualTo(task);
    }

    @Test
    default void concurrentPublishersReachEveryBroadcastSubscriberExactlyOnce() throws Exception {
        int publishers = 20;
        int perPublisher = 250;
        int total = publishers * perPublisher;
        String topic = kit().topic("fanout");
        List<Recorder<Numbered>> subscribers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Recorder<Numbered> recorder = new Recorder<>();
            kit().bus("subscriber-" + i).subscribe(topic, Numbered.class, recorder);
            subscribers.add(recorder);
        }
        DefaultMessageBus bus = kit().bus("publisher");
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                String name = "p" + p;
                sends.add(CompletableFuture.runAsync(() -> {
                    List<CompletableFuture<Void>> mine = new ArrayList<>();
                    for (int s = 0; s < perPublisher; s++) {
                        mine.add(bus.publish(topic, new Numbered(name, s)));
                    }
                    CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).join();
                }, pool));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(kit().timeout().toSeconds(),
                    TimeUnit.SECONDS);
        }
        finally {
            pool.shutdownNow();
        }

        for (Recorder<Numbered> subscriber : subscribers) {
            kit().await().until(() -> subscriber.count() >= total);
        }
        kit().await().during(Duration.ofMillis(200)).until(() -> subscribers.stream().allMatch(s -> s.count() == total));
        for (Recorder<Numbered> subscriber : subscribers) {
            assertThat(subscriber.distinct()).isEqualTo(total);
            assertThat(subscriber.hasDuplicates()).isFalse();
            assertThat(subscriber.payloads().stream().distinct().count()).isEqualTo(total);
        }
    }

    @Test
    default void subscriptionReceivesOnlyItsTopic() {
        DefaultMessageBus bus = kit().bus("isolation-agent");
        Recorder<String> exact = new Recorder<>();
        Recorder<String> other = new Recorder<>();
        bus.subscribe(kit().topic("a.b"), String.class, exact);
        bus.subscribe(kit().topic("a.c"), String.class, other);

        for (String suffix : List.of("a", "a.b.c", "a.c", "b.a.b", "a.bb", "a.b")) {
            bus.publish(kit().topic(suffix), suffix).join();
        }

        kit().await().until(() -> exact.count() == 1 && other.count() == 1);
        kit().await().during(Duration.ofMillis(200)).until(() -> exact.count() == 1 && other.count() == 1);
        assertThat(exact.payloads()).containsExactly("a.b");
        assertThat(other.payloads()).containsExactly("a.c");
    }

    @Test
    default void subscriptionWithConcurrencyOneSeesMessagesInPublishOrder() {
        Assumptions.assumeTrue(kit().capabilities().ordered(), "broker does not keep order");
        DefaultMessageBus bus = kit().bus("order-agent");
        Recorder<Numbered> received = new Recorder<>();
        String topic = kit().topic("ordered");
        bus.subscribe(topic, Numbered.class, received);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sends.add(bus.publish(topic, new Numbered("p", i)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        kit().await().until(() -> received.count() == 1000);
        assertThat(received.payloads()).extracting(Numbered::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    default void messageWithoutCloudEventsAttributesIsStillDelivered() {
        DefaultMessageBus bus = kit().bus("plain-agent");
        Recorder<Task> received = new Recorder<>();
        String topic = kit().topic("plain");
        bus.subscribe(topic, Task.class, received);
        Envelope plain = Envelope.builder()
            .id(UUID.randomUUID().toString())
            .topic(topic)
            .data("{\"id\":\"p-1\",\"priority\":3,\"tags\":[\"x\"],\"createdAt\":\"2026-05-01T12:00:00Z\",\"extra\":true}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .build();

        kit().broker().publish(plain).join();

        kit().await().until(() -> received.count() == 1);
        Message<Task> message = received.messages().get(0);
        assertThat(message.data()).isEqualTo(new Task("p-1", 3, List.of("x"), Instant.parse("2026-05-01T12:00:00Z")));
        assertThat(message.sender()).isNull();
        assertThat(message.timestamp()).isNotNull();
    }
}
