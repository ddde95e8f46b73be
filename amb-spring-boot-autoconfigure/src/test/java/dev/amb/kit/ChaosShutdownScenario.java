package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;

import dev.amb.SubscriptionOptions;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.resilience.Resilience4jRetryPolicy;
import dev.amb.resilience.RetrySettings;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos-with-shutdown run of {@code ChaosTests} on a durable broker: a worker in a group fails
 * 5% of its attempts at random and always fails on poison messages, and shuts down in the middle of
 * the run. What it had not finished goes back to the broker and a second worker of the group takes
 * it: every published message ends up handled or dead-lettered, none of them both. A durable
 * adapter's integration tests call {@link #run()}; assertions run in the test thread.
 */
public final class ChaosShutdownScenario implements AutoCloseable {

    private static final int MESSAGES = 1000;

    /** A job; poison ones always fail. */
    public record Job(int id, boolean poison) {
    }

    private final Broker broker;

    private final String namespace;

    private final List<DefaultMessageBus> buses = new ArrayList<>();

    /**
     * @param broker a durable broker, closed with the scenario
     * @param topicPrefix the first segment(s) every topic of the run starts with
     */
    public ChaosShutdownScenario(Broker broker, String topicPrefix) {
        this.broker = broker;
        this.namespace = topicPrefix + "." + KitSupport.namespace();
    }

    @Override
    public void close() {
        buses.forEach(DefaultMessageBus::close);
        broker.close();
    }

    private DefaultMessageBus bus(String agentId) {
        DefaultMessageBus bus = DefaultMessageBus.builder(broker)
            .agentId(agentId)
            .serializer(new JsonMessageSerializer())
            .shutdownTimeout(Duration.ofSeconds(5))
            .retryPolicy(new Resilience4jRetryPolicy(new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(5), 2.0,
                    0.1, List.of(), List.of())))
            .deadLetters(new DeadLetterSettings(true, namespace + ".dead-letter", Duration.ofMillis(50)))
            .build();
        buses.add(bus);
        return bus;
    }

    private void work(DefaultMessageBus worker, Map<Integer, AtomicInteger> handled) {
        worker.subscribe(SubscriptionOptions.pattern(namespace + ".jobs").group("chaos").concurrency(4), Job.class,
                message -> {
                    Job job = message.data();
                    TimeUnit.MILLISECONDS.sleep(5); // some work, so that the stream holds a backlog at the shutdown
                    if (job.poison() || ThreadLocalRandom.current().nextDouble() < 0.05) {
                        throw new IllegalStateException("chaos");
                    }
                    handled.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
                });
    }

    /**
     * Runs the scenario and checks its outcome.
     * @throws Exception when publishing fails
     */
    public void run() throws Exception {
        Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> deadLettered = new ConcurrentHashMap<>();
        DefaultMessageBus observer = bus("chaos-observer");
        observer.subscribe(namespace + ".dead-letter", Job.class,
                message -> deadLettered.computeIfAbsent(message.data().id(), id -> new AtomicInteger()).incrementAndGet());
        DefaultMessageBus first = bus("chaos-worker-1");
        work(first, handled);

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            sends.add(observer.publish(namespace + ".jobs", new Job(i, i % 100 == 0)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= MESSAGES / 10);
        first.close();
        long finishedByTheFirst = handled.size() + deadLettered.size();
        DefaultMessageBus second = bus("chaos-worker-2");
        work(second, handled);

        Awaitility.await().atMost(Duration.ofMinutes(3))
            .until(() -> handled.size() + deadLettered.size() >= MESSAGES);
        Set<Integer> both = new HashSet<>(handled.keySet());
        both.retainAll(deadLettered.keySet());
        Set<Integer> seen = new HashSet<>(handled.keySet());
        seen.addAll(deadLettered.keySet());
        assertThat(finishedByTheFirst).as("the first worker stopped in the middle of the run").isLessThan(MESSAGES);
        assertThat(second.counters().handled() + second.counters().deadLettered()).as("returned to the stream")
            .isPositive();
        assertThat(seen).hasSize(MESSAGES);
        assertThat(both).as("handled and dead-lettered").isEmpty();
        for (int i = 0; i < MESSAGES; i += 100) {
            assertThat(deadLettered).containsKey(i);
        }
    }
}
