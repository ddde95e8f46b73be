package dev.amb.broker.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A delivery from the memory broker. {@code nack} queues the frame again (after the delay, on the
 * broker's timer thread) for the same subscription or, in a group, for any member.
 */
final class MemoryDelivery implements Delivery {

    private final MemoryConsumer consumer;

    private final Frame frame;

    private final Envelope envelope;

    private final AtomicBoolean settled = new AtomicBoolean();

    MemoryDelivery(MemoryConsumer consumer, Frame frame, Envelope envelope) {
        this.consumer = consumer;
        this.frame = frame;
        this.envelope = envelope;
    }

    @Override
    public Envelope envelope() {
        return envelope;
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
            consumer.redeliverLater(frame.nextAttempt(), delay);
        }
    }

    @Override
    public void reject() {
        settled.set(true);
    }
}
