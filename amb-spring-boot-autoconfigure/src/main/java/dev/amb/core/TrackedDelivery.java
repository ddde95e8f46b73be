package dev.amb.core;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A delivery that knows whether it has been settled and, for {@code MANUAL} subscriptions, gives
 * back its unacked permit when it is.
 */
final class TrackedDelivery implements Delivery {

    private final Delivery delivery;

    private final Semaphore permits;

    private final AtomicBoolean settled = new AtomicBoolean();

    TrackedDelivery(Delivery delivery, Semaphore permits) {
        this.delivery = delivery;
        this.permits = permits;
    }

    boolean isSettled() {
        return settled.get();
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
