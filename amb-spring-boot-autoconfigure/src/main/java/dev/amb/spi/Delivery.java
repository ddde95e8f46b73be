package dev.amb.spi;

import java.time.Duration;

/**
 * One delivery of an {@link Envelope} to one broker subscription, with the means to settle it.
 *
 * <p>Exactly one settlement counts: the first call to {@link #ack()}, {@link #nack(Duration)} or
 * {@link #reject()} settles the delivery and later calls are ignored. Settlement methods are
 * thread safe, never block on the network (they may hand the work to the client library) and
 * never throw; a failure to settle is logged by the adapter, and the broker then redelivers as it
 * would after a crash.
 *
 * @since 0.1.0
 */
public interface Delivery {

    /** @return the delivered envelope */
    Envelope envelope();

    /**
     * How many times this message has been delivered to this subscription, counting this one.
     * Adapters take it from the broker where it counts (Redis Streams pending list, JetStream
     * metadata, SQS receive count, RabbitMQ {@code x-delivery-count}) and count it themselves
     * otherwise.
     * @return 1 on first delivery
     */
    int deliveryAttempt();

    /** Acknowledges the message: it is done and will not be delivered again. */
    void ack();

    /**
     * Returns the message to the broker for redelivery to this subscription (or another member
     * of its group) after {@code delay}; the redelivery's attempt count is one higher.
     * @param delay the redelivery delay, {@code Duration.ZERO} for at once
     */
    void nack(Duration delay);

    /** Drops the message without redelivery. The bus dead-letters it first where needed. */
    void reject();
}
