package dev.amb.broker.kafka;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.amb.AmbException;

/**
 * Creates Kafka topics through the admin client, once per topic and broker instance, and holds
 * back what must wait for a topic (a publish) until it exists, in the order it was asked for.
 *
 * <p>A topic that already exists counts as created. A failed creation fails what waited for it
 * and is tried again by the next request. Topics are created with the configured partitions and
 * replication factor; inbox topics ({@code amb.inbox.*}) with one partition and a short retention.
 *
 * <p><b>Threading:</b> thread safe. Creation results are handled on the given executor (one
 * thread, so that held-back actions run in order); {@code onCreated} runs there before them.
 */
final class KafkaTopicCreator {

    private final Admin admin;

    private final KafkaBrokerSettings settings;

    private final Executor executor;

    private final Consumer<String> onCreated;

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    /**
     * @param admin the admin client
     * @param settings partitions, replication, timeouts
     * @param executor a single-thread executor for creation results
     * @param onCreated runs once per created topic before held-back actions (waits until its
     *        partitions take records)
     */
    KafkaTopicCreator(Admin admin, KafkaBrokerSettings settings, Executor executor, Consumer<String> onCreated) {
        this.admin = admin;
        this.settings = settings;
        this.executor = executor;
        this.onCreated = onCreated;
    }

    /**
     * Runs {@code action} once {@code topic} exists: at once on the calling thread when it is known
     * to exist, otherwise on the creation thread after earlier held-back actions.
     * @param topic the Kafka topic
     * @param action what to do with the topic
     * @param failure what to do instead when it cannot be created
     */
    void whenReady(String topic, Runnable action, Consumer<Throwable> failure) {
        Gate gate = gates.computeIfAbsent(topic, this::create);
        synchronized (gate) {
            if (gate.failure != null) {
                failure.accept(gate.failure);
                return;
            }
            if (!gate.open) {
                gate.waiting.add(new Waiting(action, failure));
                return;
            }
        }
        action.run();
    }

    /**
     * Makes sure the topics exist, waiting at most the connect timeout.
     * @param topics the Kafka topics
     * @throws AmbException naming the topic and the servers when one cannot be created
     */
    void ensure(List<String> topics) {
        List<CompletableFuture<Void>> all = topics.stream().map(topic -> {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            whenReady(topic, () -> ready.complete(null), ready::completeExceptionally);
            return ready;
        }).toList();
        for (int i = 0; i < all.size(); i++) {
            try {
                all.get(i).get(settings.connectTimeout().toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AmbException("Interrupted while creating the Kafka topic '" + topics.get(i) + "'", ex);
            }
            catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
                Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                throw new AmbException("Could not create the Kafka topic '" + topics.get(i) + "' on "
                        + settings.servers() + ": " + cause, cause);
            }
        }
    }

    /** Forgets a topic (after it was deleted), so that it is created again when used. */
    void forget(String topic) {
        gates.remove(topic);
    }

    private Gate create(String topic) {
        Gate gate = new Gate();
        boolean inbox = KafkaBroker.isInboxTopic(topic, settings.topicPrefix());
        NewTopic newTopic = new NewTopic(topic, inbox ? 1 : settings.partitions(), settings.replicationFactor());
        if (inbox) {
            newTopic.configs(Map.of("retention.ms", String.valueOf(settings.inboxRetention().toMillis())));
        }
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        admin.createTopics(List.of(newTopic), new CreateTopicsOptions().timeoutMs(timeout))
            .all()
            .whenComplete((ignored, error) -> executor.execute(() -> complete(topic, gate, error)));
        return gate;
    }

    private void complete(String topic, Gate gate, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause != null && !(cause instanceof TopicExistsException)) {
            gates.remove(topic, gate);
            synchronized (gate) {
                gate.failure = cause;
                gate.waiting.forEach(waiting -> waiting.failure().accept(cause));
                gate.waiting.clear();
            }
            return;
        }
        try {
            onCreated.accept(topic);
        }
        catch (RuntimeException ex) {
            // the readiness wait only shortens the producer's own retries; sending goes ahead
        }
        synchronized (gate) {
            gate.waiting.forEach(waiting -> waiting.action().run());
            gate.waiting.clear();
            gate.open = true;
        }
    }

    private record Waiting(Runnable action, Consumer<Throwable> failure) {
    }

    private static final class Gate {

        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

        private boolean open;

        private Throwable failure;
    }
}
