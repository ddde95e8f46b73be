package dev.amb.broker.redis;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A Streams delivery: one pending entry of the subscription's consumer group. {@code ack} and
 * {@code reject} {@code XACK} it; {@code nack(delay)} leaves it pending (so that a crash meanwhile
 * loses nothing) and claims it again when the delay is over, which raises its delivery count.
 */
final class StreamDelivery implements Delivery {

    private final StreamSubscription subscription;

    private final String key;

    private final String entryId;

    private final Envelope envelope;

    private final int attempt;

    private final AtomicBoolean settled = new AtomicBoolean();

    private volatile ScheduledFuture<?> redelivery;

    StreamDelivery(StreamSubscription subscription, String key, String entryId, Envelope envelope, int attempt) {
        this.subscription = subscription;
        this.key = key;
        this.entryId = entryId;
        this.envelope = envelope;
        this.attempt = attempt;
    }

    /** @return the identity of the entry in the subscription's bookkeeping */
    static String ref(String key, String entryId) {
        return key + '\n' + entryId;
    }

    String ref() {
        return ref(key, entryId);
    }

    String key() {
        return key;
    }

    String entryId() {
        return entryId;
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public int deliveryAttempt() {
        return attempt;
    }

    @Override
    public void ack() {
        if (settled.compareAndSet(false, true)) {
            subscription.acknowledge(this);
        }
    }

    @Override
    public void nack(Duration delay) {
        if (settled.compareAndSet(false, true)) {
            subscription.redeliverLater(this, delay);
        }
    }

    @Override
    public void reject() {
        if (settled.compareAndSet(false, true)) {
            subscription.acknowledge(this);
        }
    }

    void redelivery(ScheduledFuture<?> task) {
        this.redelivery = task;
    }

    void cancelRedelivery() {
        ScheduledFuture<?> task = redelivery;
        if (task != null) {
            task.cancel(false);
        }
    }
}
