package dev.amb.broker.nats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Dispatcher;
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
 * One AMB subscription on NATS: a jnats {@link Dispatcher} of its own that receives the messages,
 * and a {@link BoundedDispatcher} whose workers run the bus's handler.
 *
 * <p><b>Threading and bounds:</b> the jnats dispatcher thread (one per subscription) only hands
 * each message over; it never runs the handler. The hand-over takes one of
 * {@link NatsBroker.Settings#maxQueueSize()} slots and blocks that thread (and only that
 * subscription) while every slot is taken; a worker frees the slot when it takes the message.
 * Behind a blocked dispatcher thread, core NATS messages wait in jnats' per-subscription pending
 * buffer (bounded by its pending limits, past which jnats drops them and reports a slow
 * consumer), while JetStream simply stops pulling. Handlers run on the shared worker pool, at most
 * the subscription's concurrency at once, in arrival order with concurrency 1.
 *
 * <p>Subclasses decide where messages come from (core subjects or JetStream consumers) and how a
 * delivery is settled.
 */
abstract class NatsSubscription implements BrokerSubscription {

    private static final Log logger = LogFactory.getLog(NatsSubscription.class);

    final NatsResources resources;

    private final SubscriptionSpec spec;

    private final DeliveryHandler handler;

    final Dispatcher natsDispatcher;

    private final BoundedDispatcher<Inbound> queue;

    private final Semaphore slots;

    private final int capacity;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object pauseLock = new Object();

    private boolean paused;

    NatsSubscription(NatsResources resources, SubscriptionSpec spec, DeliveryHandler handler) {
        this.resources = resources;
        this.spec = spec;
        this.handler = handler;
        this.capacity = resources.settings().maxQueueSize();
        this.slots = new Semaphore(capacity);
        this.queue = new BoundedDispatcher<>("amb-nats[" + spec.id() + "]", capacity, spec.concurrency(),
                resources.workers(), this::work);
        this.natsDispatcher = resources.connection().createDispatcher();
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

    /** The delivery to hand the bus for a message. */
    abstract Delivery delivery(Inbound inbound, Envelope envelope);

    /** A message accepted from NATS that will never be handled here (the subscription closed). */
    abstract void abandon(Inbound inbound);

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
        if (closed.get() || !queue.offer(inbound)) {
            slots.release();
            abandon(inbound);
        }
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
        handler.onDelivery(delivery(inbound, NatsHeaderCodec.decode(inbound.message(), inbound.topic())));
    }

    @Override
    public void pause() {
        synchronized (pauseLock) {
            if (paused || closed.get()) {
                return;
            }
            paused = true;
            queue.pause();
            pauseSource();
        }
    }

    @Override
    public void resume() {
        synchronized (pauseLock) {
            if (!paused || closed.get()) {
                return;
            }
            paused = false;
            resumeSource();
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
        try {
            resources.connection().closeDispatcher(natsDispatcher);
        }
        catch (RuntimeException ex) {
            // the connection is already closed, and the dispatcher with it
        }
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
