package dev.amb.broker.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.nats.client.Connection;
import io.nats.client.Message;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;
import dev.amb.MessageRejectedException;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.AdapterThreads;

/**
 * What the core and JetStream adapters share: the connection, the worker pool that runs
 * handlers, the timer for redeliveries, the open subscriptions and the closed state.
 *
 * <p><b>Threading:</b> thread safe. Workers are daemon threads named after their subscription
 * while they work ({@code amb-nats[subscription-id]}), created on demand and reused; the timer is
 * one daemon thread ({@code amb-nats-timer}).
 */
final class NatsResources {

    private static final Log logger = LogFactory.getLog(NatsResources.class);

    private final Connection connection;

    private final boolean ownsConnection;

    private final NatsBroker.Settings settings;

    private final String brokerName;

    private final ExecutorService workers;

    private final ScheduledExecutorService timer;

    private final Set<NatsSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder discarded = new LongAdder();

    /**
     * How often this broker's JetStream subscriptions handed a message back unhandled (paused or
     * closing), by stream, consumer and stream sequence: JetStream counts those deliveries, the
     * attempt AMB reports does not. At most {@value #MAX_REMEMBERED_HAND_BACKS} are remembered.
     */
    private final Map<String, Integer> handBacks = new ConcurrentHashMap<>();

    /** The most hand-backs remembered. */
    static final int MAX_REMEMBERED_HAND_BACKS = 10_000;

    NatsResources(Connection connection, boolean ownsConnection, NatsBroker.Settings settings, String brokerName) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.settings = settings;
        this.brokerName = brokerName;
        this.workers = AdapterThreads.workers("amb-nats-worker-");
        this.timer = AdapterThreads.timer("amb-nats-timer-");
    }

    /** @return why the connection is not usable (the broker or connection closed, or reconnecting), or {@code null} */
    String connectionProblem() {
        Connection.Status status = connection.getStatus();
        if (status != Connection.Status.CONNECTED) {
            return "the NATS connection is " + status;
        }
        return closed.get() ? "the NATS broker is closed" : null;
    }

    Connection connection() {
        return connection;
    }

    NatsBroker.Settings settings() {
        return settings;
    }

    String brokerName() {
        return brokerName;
    }

    ExecutorService workers() {
        return workers;
    }

    boolean isClosed() {
        return closed.get();
    }

    long discardedCount() {
        return discarded.sum();
    }

    /** @return the largest message the server accepts, from its INFO */
    int maxPayload() {
        long max = connection.getServerInfo().getMaxPayload();
        return max > 0 && max < Integer.MAX_VALUE ? (int) max : -1;
    }

    /** @return the connection's inbox prefix with its trailing dot, e.g. {@code _INBOX.} */
    String inboxPrefix() {
        String prefix = connection.getOptions().getInboxPrefix();
        return prefix.endsWith(".") ? prefix : prefix + ".";
    }

    void requireOpen(String pattern) {
        if (closed.get()) {
            throw new IllegalStateException("The " + brokerName + " broker is closed; cannot subscribe to '" + pattern + "'");
        }
    }

    void register(NatsSubscription subscription) {
        subscriptions.add(subscription);
        if (closed.get()) {
            subscription.close(Duration.ZERO);
            throw new IllegalStateException("The " + brokerName + " broker was closed while subscribing to '"
                    + subscription.spec().patterns().get(0) + "'");
        }
    }

    void unregister(NatsSubscription subscription) {
        subscriptions.remove(subscription);
    }

    /** @return the subscriptions open now */
    List<NatsSubscription> openSubscriptions() {
        return List.copyOf(subscriptions);
    }

    /** Runs a task on the timer thread at once; ignored when the broker is closing. */
    void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /**
     * Publishes on core NATS: the message is in the client's outgoing buffer (or, while
     * reconnecting, its reconnect buffer) when the future completes.
     */
    CompletableFuture<Void> publishCore(String subject, Envelope envelope) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException(envelope.topic()));
        }
        try {
            connection.publish(message(subject, envelope));
            return CompletableFuture.completedFuture(null);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(publishFailure(envelope.topic(), ex));
        }
    }

    /**
     * @param subject the subject
     * @param envelope the envelope
     * @return the message carrying it, in the configured content mode
     */
    Message message(String subject, Envelope envelope) {
        return NatsHeaderCodec.message(subject, envelope, settings.contentMode(), null);
    }

    /**
     * @param subject the subject
     * @param envelope the envelope
     * @return the message carrying it to a JetStream stream, in the configured content mode, with
     *         the envelope's id as {@code Nats-Msg-Id}
     */
    Message streamMessage(String subject, Envelope envelope) {
        return NatsHeaderCodec.message(subject, envelope, settings.contentMode(), envelope.id());
    }

    AmbException publishFailure(String topic, Throwable cause) {
        if (cause instanceof IllegalArgumentException) {
            // jnats' client-side checks: the payload exceeds max_payload, or a header or subject NATS cannot carry
            String message = String.valueOf(cause.getMessage());
            boolean tooLarge = message.toLowerCase(java.util.Locale.ROOT).contains("payload");
            return new MessageRejectedException("NATS refused the message to '" + topic + "': " + message
                    + (tooLarge ? " (server max_payload " + connection.getServerInfo().getMaxPayload() + " bytes)" : ""),
                    cause);
        }
        return new AmbException("Could not publish to '" + topic + "' on NATS (connection " + connection.getStatus()
                + "): " + cause.getMessage(), cause);
    }

    AmbException closedException(String topic) {
        return new AmbException("The " + brokerName + " broker is closed; cannot publish to '" + topic + "'");
    }

    /** Runs a task after a delay on the timer; {@code false} when the broker is closing. */
    boolean schedule(Duration delay, Runnable task) {
        try {
            timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (RejectedExecutionException ex) {
            return false;
        }
    }

    /**
     * Runs a task every {@code period} on the timer until cancelled.
     * @return the schedule, or {@code null} when the broker is closing
     */
    java.util.concurrent.ScheduledFuture<?> scheduleEvery(Duration period, Runnable task) {
        try {
            long nanos = Math.max(1, period.toNanos());
            return timer.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            return null;
        }
    }

    /**
     * Asks the server to delete a JetStream consumer without waiting for its answer (closing stays
     * bounded; the server removes an ephemeral consumer the request missed after its inactive
     * threshold).
     * @param stream the stream name
     * @param consumer the consumer name
     */
    void deleteConsumerAsync(String stream, String consumer) {
        try {
            connection.request("$JS.API.CONSUMER.DELETE." + stream + "." + consumer, new byte[0])
                .whenComplete((reply, ex) -> {
                    if (ex != null) {
                        logger.debug("Deleting the JetStream consumer " + consumer + " got no answer; the server "
                                + "removes it after its inactive threshold", ex);
                    }
                });
        }
        catch (RuntimeException ex) {
            logger.debug("Could not ask the server to delete the JetStream consumer " + consumer, ex);
        }
    }

    void handedBack(String message) {
        if (handBacks.size() < MAX_REMEMBERED_HAND_BACKS) {
            handBacks.merge(message, 1, Integer::sum);
        }
    }

    int handBacks(String message) {
        return handBacks.getOrDefault(message, 0);
    }

    void forgetHandBacks(String message) {
        handBacks.remove(message);
    }

    void discarded(String subscription, int count, String why) {
        discarded.add(count);
        logger.warn("NATS subscription '" + subscription + "' discarded " + count + " message(s) because " + why
                + " (core NATS is at-most-once)");
    }

    /** Closes every subscription within the grace period, the threads, and the connection when owned. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        List<NatsSubscription> open = new ArrayList<>(subscriptions);
        open.forEach(NatsSubscription::pause);
        for (NatsSubscription subscription : open) {
            subscription.close(AdapterThreads.remaining(deadline));
        }
        AdapterThreads.stop(timer, workers, AdapterThreads.remaining(deadline));
        if (ownsConnection) {
            try {
                connection.close();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
