package dev.amb.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * allows. A second run shuts the worker down in the middle and accounts for every message.
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
        List<String> deadLetterTopics = new CopyOnWriteArrayList<>();
        bus.subscribe("chaos.dead-letter", Job.class, message -> {
            deadLetterTopics.add(String.valueOf(message.headers().get(AmbHeaders.DEAD_LETTER_TOPIC)));
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
        assertThat(deadLetterTopics).containsOnly("chaos.jobs");
        assertThat(publishFailures).as("the broker really failed publishes").isPositive();
        assertThat(bus.counters().deadLetterFailures()).as("some dead letters needed a second try").isPositive();
    }

    /**
     * The same chaos, and the worker agent shuts down in the middle of the run. Its running handlers
     * finish (their dead letters still go out), the messages it had queued are discarded and counted
     * (the memory broker is at-most-once); then the broker closes too. Handled + dead-lettered +
     * discarded equals published, each message in at most one of the first two.
     */
    @Test
    void shutdownInTheMiddleOfTheRunAccountsForEveryMessage() {
        int messages = 5000;
        Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> deadLettered = new ConcurrentHashMap<>();
        List<String> deadLetterTopics = new CopyOnWriteArrayList<>();
        DefaultMessageBus observer = DefaultMessageBus.builder(broker)
            .agentId("chaos-observer")
            .serializer(new JsonMessageSerializer())
            .build();
        try {
            observer.subscribe("chaos.dead-letter", Job.class, message -> {
                deadLetterTopics.add(String.valueOf(message.headers().get(AmbHeaders.DEAD_LETTER_TOPIC)));
                deadLettered.computeIfAbsent(message.data().id(), id -> new AtomicInteger()).incrementAndGet();
            });
            bus.subscribe(SubscriptionOptions.pattern("chaos.jobs").concurrency(4), Job.class, message -> {
                Job job = message.data();
                TimeUnit.MILLISECONDS.sleep(2); // some work, so that the queue is not empty when the agent stops
                if (job.poison() || ThreadLocalRandom.current().nextDouble() < 0.05) {
                    throw new IllegalStateException("chaos");
                }
                handled.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
            });

            publishAll(observer, messages);
            int finishedBeforeShutdown = handled.size() + deadLettered.size();
            bus.close();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() + deadLettered.size() > 0);
            observer.close();
            broker.close(); // drops (and counts) redeliveries of failed dead letters still waiting for their delay

            assertThat(handled.size() + deadLettered.size() + broker.discardedCount())
                .as("handled + dead-lettered + discarded").isEqualTo(messages);
            Set<Integer> both = new java.util.HashSet<>(handled.keySet());
            both.retainAll(deadLettered.keySet());
            assertThat(finishedBeforeShutdown).as("the shutdown came in the middle of the run").isLessThan(messages);
            assertThat(broker.discardedCount()).as("queued messages were discarded, and counted").isPositive();
            assertThat(both).as("handled and dead-lettered").isEmpty();
            assertThat(handled.values()).allMatch(count -> count.get() == 1);
            assertThat(deadLettered.values()).allMatch(count -> count.get() == 1);
            // an early shutdown may discard every poison message before its last attempt, so there may be no dead letter
            assertThat(deadLetterTopics).allMatch("chaos.jobs"::equals);
            assertThat(bus.counters().handled()).isEqualTo(handled.size());
        }
        finally {
            observer.close();
        }
    }

    /** Publishes every job, publishing again whatever the broker refused; returns the refusals. */
    private int publishAll() {
        return publishAll(bus, MESSAGES);
    }

    private static int publishAll(DefaultMessageBus bus, int messages) {
        int failures = 0;
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
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
