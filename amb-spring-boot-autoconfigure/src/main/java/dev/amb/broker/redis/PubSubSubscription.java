package dev.amb.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.BoundedDispatcher;
import dev.amb.spi.support.GroupMembers;
import dev.amb.spi.support.LocalDelivery;

/**
 * One subscription in pub/sub mode: a bounded queue of {@code amb.redis.queue-capacity} messages
 * drained by at most the subscription's concurrency of worker threads. A broadcast subscription is
 * itself a {@link PubSubRouter.Target}; a grouped one is a member of a {@link PubSubGroup}.
 *
 * <p><b>Backpressure and pause:</b> Redis pushes messages whether or not anyone keeps up, so a
 * message arriving while the queue is full is dropped and counted (a warning at the 1st, 10th,
 * 100th... drop): pub/sub is at-most-once. While paused, messages are held in the queue, up to its
 * capacity, and handled after {@link #resume()}.
 *
 * <p><b>Threading:</b> messages are queued on Lettuce's event loop thread, decoded and handled on
 * the broker's worker threads; all methods are thread safe.
 */
final class PubSubSubscription implements RedisSubscription, PubSubRouter.Target, GroupMembers.Member {

    private static final Log logger = LogFactory.getLog(PubSubSubscription.class);

    private final RedisRuntime runtime;

    private final SubscriptionSpec spec;

    private final DeliveryHandler handler;

    private final BoundedDispatcher<PubSubFrame> dispatcher;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final AtomicLong dropped = new AtomicLong();

    private volatile boolean paused;

    private volatile PubSubGroup group;

    private volatile Runnable onClose = () -> {
    };

    PubSubSubscription(RedisRuntime runtime, SubscriptionSpec spec, DeliveryHandler handler) {
        this.runtime = runtime;
        this.spec = spec;
        this.handler = handler;
        this.dispatcher = new BoundedDispatcher<>("amb-redis[" + spec.id() + "]", runtime.settings().queueCapacity(),
                spec.concurrency(), runtime.workers(), this::deliver, spec.nonBlocking());
    }

    private void deliver(PubSubFrame frame) {
        PubSubFrame decoded = frame.decoded();
        handler.onDelivery(new LocalDelivery<>(decoded.envelope(), decoded.attempt(), decoded, PubSubFrame::nextAttempt,
                this::redeliverLater));
    }

    /** Adds something to do when the subscription closes (unregistering it). */
    @Override
    public void onClose(Runnable action) {
        Runnable previous = onClose;
        onClose = () -> {
            previous.run();
            action.run();
        };
    }

    void joined(PubSubGroup group) {
        this.group = group;
    }

    @Override
    public void onMessage(String channel, byte[] message) {
        offer(PubSubFrame.arrived(channel, message));
    }

    /** Queues a message if there is room; counts it as dropped otherwise. */
    void offer(PubSubFrame frame) {
        if (dispatcher.offer(frame)) {
            return;
        }
        if (!closed.get()) {
            long count = dropped.incrementAndGet();
            if (isPowerOfTen(count)) {
                logger.warn("Redis pub/sub subscription '" + spec.id() + "' has dropped " + count + " message(s): its"
                        + " queue of " + dispatcher.capacity() + " (amb.redis.queue-capacity) was full"
                        + (paused ? " while paused" : "") + "; pub/sub is at-most-once, use amb.redis.use-streams=true"
                        + " to keep messages for slow or paused subscribers");
            }
        }
    }

    /** Queues a message again whatever the queue's size; {@code false} once closed. */
    boolean requeue(PubSubFrame frame) {
        return dispatcher.requeue(frame);
    }

    void redeliverLater(PubSubFrame frame, Duration delay) {
        Runnable redelivery = () -> {
            PubSubGroup g = group;
            if (!(g != null ? g.redeliver(frame) : requeue(frame))) {
                discarded(1, "the subscription closed before the redelivery was due");
            }
        };
        if (runtime.schedule(delay, redelivery) == null) {
            discarded(1, "the broker closed before the redelivery was due");
        }
    }

    /** @return messages queued and not yet handed to a worker */
    @Override
    public int pending() {
        return dispatcher.size();
    }

    /** @return {@code true} while open and not paused */
    @Override
    public boolean accepting() {
        return !paused && !closed.get();
    }

    /** @return {@code true} when the queue has no room for another message */
    boolean isFull() {
        return dispatcher.isFull();
    }

    /** @return how many messages arrived while the queue was full */
    long droppedCount() {
        return dropped.get();
    }

    @Override
    public void pause() {
        paused = true;
        dispatcher.pause();
    }

    @Override
    public void resume() {
        paused = false;
        dispatcher.resume();
    }

    /** @return the deliveries waiting for a handler thread */
    @Override
    public OptionalLong queued() {
        return OptionalLong.of(dispatcher.size());
    }

    @Override
    public boolean isActive() {
        return !closed.get();
    }

    @Override
    public void close() {
        close(runtime.settings().shutdownGrace());
    }

    @Override
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            onClose.run();
        }
        finally {
            List<PubSubFrame> leftover = dispatcher.close(grace);
            PubSubGroup g = group;
            int lost = 0;
            for (PubSubFrame frame : leftover) {
                if (g == null || !g.redeliver(frame)) {
                    lost++;
                }
            }
            if (lost > 0) {
                discarded(lost, "they were queued when the subscription closed");
            }
        }
    }

    private void discarded(int count, String why) {
        logger.warn("Redis pub/sub subscription '" + spec.id() + "' discarded " + count + " message(s) because " + why
                + " (pub/sub is at-most-once)");
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    @Override
    public String toString() {
        return "PubSubSubscription[" + spec.id() + "]";
    }
}
