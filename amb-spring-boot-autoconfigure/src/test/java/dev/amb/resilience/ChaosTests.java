package dev.amb.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbHeaders;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 messages through a broker that fails 5% of publishes (dead letters included) and delays
 * every delivery by 2 ms, to listeners that fail 5% of their attempts at random and always fail on
 * 1% of the messages (poison). Every accepted message must end up handled exactly once or
 * dead-lettered exactly once, and no message may be attempted more often than the retry policy
 * allows.
 */
class ChaosTests {

    private static final int MESSAGES = 10_000;

    private static final int MAX_ATTEMPTS = 4;

    record Job(int id, boolean poison) {
    }

    private final MemoryBroker broker = new MemoryBroker(MemoryBroker.Settings.defaults()
        .withFailureRate(0.05)
        .withLatency(Duration.ofMillis(2)));

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("chaos")
        .serializer(new JsonMessageSerializer())
        .retryPolicy(new Resilience4jRetryPolicy(new RetrySettings(MAX_ATTEMPTS - 1, Duration.ofMillis(1),
                Duration.ofMillis(5), 2.0, 0.1, List.of(), List.of())))
        .circuitBreakers(new Resilience4jCircuitBreakers(CircuitBreakerRegistry.ofDefaults(),
                new BreakerSettings(50, Duration.ofMillis(200), 3), event -> {
                }))
        .deadLetters(new DeadLetterSettings(true, "chaos.dead-letter", Duration.ofMillis(20)))
        .build();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    @Test
    void everyAcceptedMessageIsHandledOrDeadLetteredExactlyOnce() {
        Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> deadLettered = new ConcurrentHashMap<>();
        bus.subscribe(SubscriptionOptions.pattern("chaos.jobs").concurrency(4), Job.class, message -> {
            Job job = message.data();
            attempts.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
            if (job.poison() || ThreadLocalRandom.current().nextDouble() < 0.05) {
                throw new IllegalStateException("chaos");
            }
            handled.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
        });
        bus.subscribe("chaos.dead-letter", Job.class, message -> {
            assertThat(message.headers()).containsEntry(AmbHeaders.DEAD_LETTER_TOPIC, "chaos.jobs");
            deadLettered.computeIfAbsent(message.data().id(), id -> new AtomicInteger()).incrementAndGet();
        });

        int publishFailures = publishAll();

        Awaitility.await().atMost(Duration.ofMinutes(2))
            .until(() -> handled.size() + deadLettered.size() >= MESSAGES);
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofMinutes(1))
            .until(() -> handled.size() + deadLettered.size() == MESSAGES);
        Set<Integer> both = new java.util.HashSet<>(handled.keySet());
        both.retainAll(deadLettered.keySet());
        assertThat(both).as("handled and dead-lettered").isEmpty();
        assertThat(handled.values()).allMatch(count -> count.get() == 1);
        assertThat(deadLettered.values()).allMatch(count -> count.get() == 1);
        assertThat(attempts.values()).allMatch(count -> count.get() <= MAX_ATTEMPTS);
        assertThat(deadLettered.keySet()).containsAll(poisonIds());
        assertThat(publishFailures).as("the broker really failed publishes").isPositive();
        assertThat(bus.counters().deadLetterFailures()).as("some dead letters needed a second try").isPositive();
    }

    /** Publishes every job, publishing again whatever the broker refused; returns the refusals. */
    private int publishAll() {
        int failures = 0;
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            pending.add(i);
        }
        while (!pending.isEmpty()) {
            Map<Integer, CompletableFuture<Void>> sends = new java.util.LinkedHashMap<>();
            pending.forEach(id -> sends.put(id, bus.publish("chaos.jobs", new Job(id, id % 100 == 0))));
            pending = new ArrayList<>();
            for (Map.Entry<Integer, CompletableFuture<Void>> send : sends.entrySet()) {
                try {
                    send.getValue().join();
                }
                catch (RuntimeException ex) {
                    failures++;
                    pending.add(send.getKey());
                }
            }
        }
        return failures;
    }

    private static Set<Integer> poisonIds() {
        Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < MESSAGES; i += 100) {
            ids.add(i);
        }
        return ids;
    }
}
