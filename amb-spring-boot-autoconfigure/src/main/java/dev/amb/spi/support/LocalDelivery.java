package dev.amb.spi.support;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A delivery for brokers that keep nothing once they delivered a message (the memory broker,
 * Redis pub/sub, core NATS): {@code ack} and {@code reject} only settle it, and
 * {@code nack(delay)} has the adapter queue the message again itself, with the attempt count one
 * higher. The first settlement counts; later ones are ignored. Thread safe.
 *
 * @param <F> the adapter's queued form of a message (it knows its attempt number)
 * @since 0.1.0
 */
public final class LocalDelivery<F> implements Delivery {

    private final Envelope envelope;

    private final int attempt;

    private final F frame;

    private final UnaryOperator<F> nextAttempt;

    private final BiConsumer<F, Duration> redeliverLater;

    private final AtomicBoolean settled = new AtomicBoolean();

    /**
     * Creates the delivery.
     * @param envelope the delivered envelope
     * @param attempt its delivery attempt, 1 for the first
     * @param frame the adapter's queued form of the message
     * @param nextAttempt the same message as its next attempt
     * @param redeliverLater queues a frame again after a delay (the adapter's timer)
     */
    public LocalDelivery(Envelope envelope, int attempt, F frame, UnaryOperator<F> nextAttempt,
            BiConsumer<F, Duration> redeliverLater) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.attempt = attempt;
        this.frame = frame;
        this.nextAttempt = nextAttempt;
        this.redeliverLater = redeliverLater;
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
        settled.set(true);
    }

    @Override
    public void nack(Duration delay) {
        if (settled.compareAndSet(false, true)) {
            redeliverLater.accept(nextAttempt.apply(frame), delay);
        }
    }

    @Override
    public void reject() {
        settled.set(true);
    }
}
