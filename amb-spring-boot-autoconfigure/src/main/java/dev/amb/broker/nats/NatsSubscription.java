package dev.amb.broker.nats;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Message;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.BoundedDispatcher;

/**
 * One AMB subscription on NATS: a source of messages (core NATS subjects or JetStream pull
 * consumers) and a {@link BoundedDispatcher} whose workers run the bus's handler.
 *
 * <p><b>Threading and bounds:</b> the source's thread is a jnats dispatcher thread of this
 * subscription's own for core NATS, a pulling thread per consumer for JetStream. Core NATS hands
 * over through {@link #receive(Message, String, int)}, which takes one of {@code capacity} slots
 * and blocks the dispatcher thread while every slot is taken (messages then wait in jnats' bounded
 * pending buffer); with concurrency 1 the dispatcher thread runs the handler itself when nothing
 * waits ({@link BoundedDispatcher#offerOrRun(Object)}), which saves a thread hand-off per message
 * and blocks only this subscription, as its one worker would. Redeliveries from the adapter's
 * timer always go to the workers. JetStream's pulling thread never runs the handler. JetStream hands over through {@link #hand(Inbound)}: it
 * pulls only as many messages as it has room for, so the queue never holds more than its
 * capacity. Handlers run on the shared worker pool, at most the subscription's concurrency at once,
 * in arrival order with concurrency 1.
 *
 * <p><b>Pause:</b> {@link #pause()} stops the source; with {@link #holdsWhilePaused()} the queued
 * messages wait for {@link #resume()}, otherwise the workers hand each one back
 * ({@link #abandon(Inbound)}) so that other members take it. {@link #resume()} is retryable: when
 * the source cannot start again it stays paused and the adapter's timer tries again every
 * {@value #RESUME_RETRY_MILLIS} ms until it succeeds, the subscription pauses again or closes.
 *
 * <p>Subclasses decide where messages come from and how a delivery is settled.
 */
abstract class NatsSubscription implements BrokerSubscription {

    private static final Log logger = LogFactory.getLog(NatsSubscription.class);

    final NatsResources resources;

    private final SubscriptionSpec spec;

    private final DeliveryHandler handler;

    private final BoundedDispatcher<Inbound> queue;

    private final Semaphore slots;

    private final int capacity;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object pauseLock = new Object();

    static final long RESUME_RETRY_MILLIS = 1000;

    /** Whether the source is stopped; guarded by {@link #pauseLock}, read without it by workers. */
    private volatile boolean paused;

    /** Whether the bus wants the subscription paused; guarded by {@link #pauseLock}. */
    private boolean pauseWanted;

    NatsSubscription(NatsResources resources, SubscriptionSpec spec, DeliveryHandler handler, int capacity) {
        this.resources = resources;
        this.spec = spec;
        this.handler = handler;
        this.capacity = capacity;
        this.slots = new Semaphore(capacity);
        this.queue = new BoundedDispatcher<>("amb-nats[" + spec.id() + "]", capacity, spec.concurrency(),
                resources.workers(), this::work, spec.nonBlocking());
    }

    SubscriptionSpec spec() {
        return spec;
    }

    /** Starts receiving; returns once the server knows the subscription. */
    abstract void open();

    /** Stops taking messages from NATS for a while (JetStream: stops pulling). */
    abstract void pauseSource();

    /** Takes messages from NATS again. */
    abstract void resumeSource();

    /** Stops taking messages from NATS for good. */
    abstract void closeSource();

    /** Releases what the source holds once the queue is closed (core NATS: its jnats dispatcher). */
    void closeTransport() {
    }

    /**
     * @return {@code true} when queued messages wait for {@link #resume()} while paused (core NATS,
     *         which cannot give them back); {@code false} when the workers hand them back
     */
    abstract boolean holdsWhilePaused();

    /** @return {@code true} while paused */
    final boolean isPaused() {
        return paused;
    }

    /** @return {@code true} once closed */
    final boolean isClosed() {
        return closed.get();
    }

    /** The delivery to hand the bus for a message. */
    abstract Delivery delivery(Inbound inbound, Envelope envelope);

    /** A message accepted from NATS that will never be handled here (the subscription closed). */
    abstract void abandon(Inbound inbound);

    /** A worker is about to hand a message to the bus. */
    void starting(Inbound inbound) {
    }

    /** The messages still queued when the subscription closed. */
    void abandonAll(List<Inbound> leftover) {
        leftover.forEach(this::abandon);
    }

    /**
     * Hands a message to the workers. Called on the jnats dispatcher thread; blocks while the
     * queue is full.
     */
    final void receive(Message message, String topic, int attempt) {
        Inbound inbound = new Inbound(message, topic, attempt, true);
        try {
            slots.acquire();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            abandon(inbound);
            return;
        }
        if (closed.get()) {
            slots.release();
            abandon(inbound);
            return;
        }
        // with concurrency 1 the subscription's own jnats dispatcher thread runs the handler itself
        // when nothing waits; higher concurrency hands every message over to the workers
        boolean accepted = spec.concurrency() == 1 ? queue.offerOrRun(inbound) : queue.offer(inbound);
        if (!accepted) {
            slots.release();
            abandon(inbound);
        }
    }

    /**
     * Queues a message the source pulled within its own bound (JetStream); never blocks.
     * @param inbound the message, not slotted
     * @return {@code false} when the subscription is closed (the caller gives the message back)
     */
    final boolean hand(Inbound inbound) {
        return !closed.get() && queue.requeue(inbound);
    }

    /**
     * Queues a message again (a core NATS redelivery), beyond the capacity.
     * @return {@code false} when the subscription is closed
     */
    final boolean requeue(Inbound inbound) {
        return !closed.get() && queue.requeue(inbound);
    }

    private void work(Inbound inbound) {
        if (inbound.slotted()) {
            slots.release();
        }
        if (paused && !holdsWhilePaused()) {
            abandon(inbound); // handed back: the other members take it
            return;
        }
        starting(inbound);
        handler.onDelivery(delivery(inbound, NatsHeaderCodec.decode(inbound.message(), inbound.topic())));
    }

    @Override
    public void pause() {
        synchronized (pauseLock) {
            pauseWanted = true;
            if (paused || closed.get()) {
                return;
            }
            paused = true;
            if (holdsWhilePaused()) {
                queue.pause();
            }
            pauseSource();
        }
    }

    @Override
    public void resume() {
        synchronized (pauseLock) {
            pauseWanted = false;
        }
        tryResume();
    }

    private void tryResume() {
        synchronized (pauseLock) {
            if (!paused || pauseWanted || closed.get()) {
                return;
            }
            try {
                resumeSource();
            }
            catch (RuntimeException ex) {
                logger.warn("Could not resume NATS subscription '" + spec.id() + "' (connection "
                        + resources.connection().getStatus() + "); trying again in " + RESUME_RETRY_MILLIS + " ms", ex);
                resources.schedule(Duration.ofMillis(RESUME_RETRY_MILLIS), this::tryResume);
                return;
            }
            paused = false;
            queue.resume();
        }
    }

    /**
     * Stops and starts taking messages from NATS again, unless paused or closed (JetStream: after
     * a reconnect, so that pulling does not wait for the old pull requests to expire).
     */
    final void restartSource() {
        synchronized (pauseLock) {
            if (paused || closed.get()) {
                return;
            }
            pauseSource();
            resumeSource();
        }
    }

    /** @return the deliveries waiting for a handler thread */
    @Override
    public OptionalLong queued() {
        return OptionalLong.of(queue.size());
    }

    @Override
    public boolean isActive() {
        return !closed.get();
    }

    @Override
    public void close() {
        close(resources.settings().shutdownGrace());
    }

    @Override
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            synchronized (pauseLock) {
                closeSource();
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Could not stop NATS subscription '" + spec.id() + "' cleanly", ex);
        }
        slots.release(capacity); // frees a dispatcher thread blocked in receive(); it sees 'closed'
        List<Inbound> leftover = queue.close(grace);
        if (!leftover.isEmpty()) {
            abandonAll(leftover);
        }
        closeTransport();
        resources.unregister(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + spec.id() + "]";
    }

    /**
     * A message taken from NATS.
     * @param message the jnats message
     * @param topic the AMB topic it arrived on
     * @param attempt the delivery attempt, 1 for the first
     * @param slotted whether it holds a queue slot (redeliveries do not)
     */
    record Inbound(Message message, String topic, int attempt, boolean slotted) {

        Inbound nextAttempt() {
            return new Inbound(message, topic, attempt + 1, false);
        }
    }
}
