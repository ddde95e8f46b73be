package dev.amb.broker.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A pub/sub delivery. Redis keeps nothing, so {@code ack} and {@code reject} only settle it, and
 * {@code nack(delay)} queues the message again for the same subscription (or, in a group, for a
 * member in this instance) on the broker's timer, with the attempt count one higher.
 */
final class PubSubDelivery implements Delivery {

    private final PubSubSubscription subscription;

    private final PubSubFrame frame;

    private final AtomicBoolean settled = new AtomicBoolean();

    PubSubDelivery(PubSubSubscription subscription, PubSubFrame frame) {
        this.subscription = subscription;
        this.frame = frame;
    }

    @Override
    public Envelope envelope() {
        return frame.envelope();
    }

    @Override
    public int deliveryAttempt() {
        return frame.attempt();
    }

    @Override
    public void ack() {
        settled.set(true);
    }

    @Override
    public void nack(Duration delay) {
        if (settled.compareAndSet(false, true)) {
            subscription.redeliverLater(frame.nextAttempt(), delay);
        }
    }

    @Override
    public void reject() {
        settled.set(true);
    }
}
