package dev.amb.core;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A delivery that knows whether it has been settled and, for {@code MANUAL} subscriptions, gives
 * back its unacked permit when it is. A {@code MANUAL} handler settles once ({@link #claim()}).
 */
final class TrackedDelivery implements Delivery {

    private final Delivery delivery;

    private final Semaphore permits;

    private final AtomicBoolean settled = new AtomicBoolean();

    /** Set by the first settlement a {@code MANUAL} handler asks for, before it takes effect. */
    private final AtomicBoolean claimed = new AtomicBoolean();

    TrackedDelivery(Delivery delivery, Semaphore permits) {
        this.delivery = delivery;
        this.permits = permits;
    }

    /** @return {@code true} once settled, or once a handler's settlement (possibly asynchronous) began */
    boolean isSettled() {
        return settled.get() || claimed.get();
    }

    /**
     * Claims the delivery for a {@code MANUAL} handler's settlement: a dead letter settles only
     * once its publish is confirmed, and neither a second settlement nor the bus's own failure
     * handling (the handler throwing afterwards) may act on the delivery in between.
     * @return {@code true} for the first claim
     */
    boolean claim() {
        return !settled.get() && claimed.compareAndSet(false, true);
    }

    private boolean settle() {
        if (settled.compareAndSet(false, true)) {
            if (permits != null) {
                permits.release();
            }
            return true;
        }
        return false;
    }

    @Override
    public Envelope envelope() {
        return delivery.envelope();
    }

    @Override
    public int deliveryAttempt() {
        return delivery.deliveryAttempt();
    }

    @Override
    public void ack() {
        if (settle()) {
            delivery.ack();
        }
    }

    @Override
    public void nack(Duration delay) {
        if (settle()) {
            delivery.nack(delay);
        }
    }

    @Override
    public void reject() {
        if (settle()) {
            delivery.reject();
        }
    }
}
