package dev.amb.core;

import java.time.Clock;
import java.time.Duration;

import dev.amb.AckMode;
import dev.amb.MessageFilter;
import dev.amb.MessageHandler;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;

/**
 * The inbound pipeline of one subscription: exact pattern check (for brokers that subscribe more
 * broadly), decode into the declared type, filter, invoke, settle.
 *
 * <p><b>Threading:</b> runs on the broker adapter's delivery thread for the subscription; holds no
 * mutable state of its own, so concurrent deliveries (concurrency &gt; 1) are safe. It never
 * throws an {@code Exception}: every failure goes to {@link FailureHandling}. An {@code Error} is
 * not caught.
 *
 * @param <T> the payload type
 */
final class DeliveryProcessor<T> implements DeliveryHandler {

    private final SubscriptionContext subscription;

    private final boolean exactPatterns;

    private final PayloadCodec codec;

    private final MessageHandler<T> handler;

    private final FailureHandling failures;

    private final BusCounters counters;

    private final Clock clock;

    DeliveryProcessor(SubscriptionContext subscription, boolean exactPatterns, PayloadCodec codec,
            MessageHandler<T> handler, FailureHandling failures, BusCounters counters, Clock clock) {
        this.subscription = subscription;
        this.exactPatterns = exactPatterns;
        this.codec = codec;
        this.handler = handler;
        this.failures = failures;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        Envelope envelope = delivery.envelope();
        if (!exactPatterns && !subscription.pattern().matches(envelope.topic())) {
            delivery.ack();
            return;
        }
        counters.delivered.increment();
        DefaultMessage<T> message;
        try {
            message = decode(delivery);
        }
        catch (RuntimeException ex) {
            counters.undecodable.increment();
            failures.rejectUnprocessable(subscription, delivery, ex);
            return;
        }
        MessageFilter filter = subscription.options().filter();
        if (filter != null) {
            try {
                if (!filter.test(message)) {
                    counters.filtered.increment();
                    delivery.ack();
                    return;
                }
            }
            catch (RuntimeException ex) {
                failures.rejectUnprocessable(subscription, delivery, ex);
                return;
            }
        }
        invoke(delivery, message);
    }

    private void invoke(Delivery delivery, DefaultMessage<T> message) {
        try {
            handler.handle(message);
            counters.handled.increment();
            if (subscription.options().ackMode() == AckMode.AUTO) {
                delivery.ack();
            }
        }
        catch (Exception ex) {
            counters.handlerFailures.increment();
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failures.handlerFailed(subscription, delivery, message.deliveryAttempt(), ex);
        }
    }

    @SuppressWarnings("unchecked") // the codec decodes into subscription.payloadType(), which is T
    private DefaultMessage<T> decode(Delivery delivery) {
        Envelope envelope = delivery.envelope();
        T data = (T) codec.decode(envelope, subscription.payloadType());
        Settlement settlement = subscription.options().ackMode() == AckMode.MANUAL ? new DeliverySettlement(delivery)
                : null;
        return new DefaultMessage<>(envelope, data, clock.instant(), delivery.deliveryAttempt(),
                subscription.options().ackMode(), settlement);
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
    }
}
