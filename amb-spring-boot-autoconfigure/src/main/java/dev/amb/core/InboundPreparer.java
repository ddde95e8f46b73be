package dev.amb.core;

import java.time.Clock;
import java.time.Duration;

import dev.amb.AckMode;
import dev.amb.MessageFilter;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * The first half of the inbound pipeline, shared by single and batch subscriptions: exact pattern
 * check (for brokers that subscribe more broadly), decode into the declared type, filter. A
 * delivery that must not reach the handler is settled here (acknowledged when skipped, handed to
 * {@link FailureHandling} when it cannot be processed).
 *
 * <p>Stateless apart from its collaborators, so safe on concurrent delivery threads.
 *
 * @param <T> the payload type
 */
final class InboundPreparer<T> {

    private final SubscriptionContext subscription;

    private final boolean exactPatterns;

    private final PayloadCodec codec;

    private final FailureHandling failures;

    private final BusCounters counters;

    private final Clock clock;

    InboundPreparer(SubscriptionContext subscription, boolean exactPatterns, PayloadCodec codec,
            FailureHandling failures, BusCounters counters, Clock clock) {
        this.subscription = subscription;
        this.exactPatterns = exactPatterns;
        this.codec = codec;
        this.failures = failures;
        this.counters = counters;
        this.clock = clock;
    }

    SubscriptionContext subscription() {
        return subscription;
    }

    FailureHandling failures() {
        return failures;
    }

    /**
     * @return the message for the handler, or {@code null} when the delivery was settled here
     */
    DefaultMessage<T> prepare(Delivery delivery) {
        Envelope envelope = delivery.envelope();
        if (!exactPatterns && !subscription.pattern().matches(envelope.topic())) {
            delivery.ack();
            return null;
        }
        counters.delivered.increment();
        DefaultMessage<T> message;
        try {
            message = decode(delivery);
        }
        catch (RuntimeException ex) {
            counters.undecodable.increment();
            failures.rejectUnprocessable(subscription, delivery, ex, true);
            return null;
        }
        MessageFilter filter = subscription.options().filter();
        if (filter != null) {
            try {
                if (!filter.test(message)) {
                    counters.filtered.increment();
                    delivery.ack();
                    return null;
                }
            }
            catch (RuntimeException ex) {
                failures.rejectUnprocessable(subscription, delivery, ex, false);
                return null;
            }
        }
        return message;
    }

    @SuppressWarnings("unchecked") // the codec decodes into subscription.payloadType(), which is T
    private DefaultMessage<T> decode(Delivery delivery) {
        Envelope envelope = delivery.envelope();
        T data = (T) codec.decode(envelope, subscription.payloadType());
        AckMode ackMode = subscription.options().ackMode();
        Settlement settlement = ackMode == AckMode.MANUAL ? new DeliverySettlement(delivery) : null;
        return new DefaultMessage<>(envelope, data, clock.instant(), delivery.deliveryAttempt(), ackMode, settlement);
    }

    /** Manual settlement straight onto the broker delivery. */
    private final class DeliverySettlement implements Settlement {

        private final Delivery delivery;

        DeliverySettlement(Delivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public void ack() {
            delivery.ack();
        }

        @Override
        public void requeue(Duration delay) {
            delivery.nack(delay);
        }

        @Override
        public void deadLetter(String reason) {
            failures.deadLetter(subscription, delivery, delivery.deliveryAttempt(), reason);
        }

        @Override
        public void reject() {
            failures.deadLetter(subscription, delivery, delivery.deliveryAttempt(), FailureReason.REJECTED.value());
        }
    }
}
