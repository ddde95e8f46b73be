package dev.amb.core;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.amb.AckMode;
import dev.amb.MessageFilter;
import dev.amb.MessageValidationException;
import dev.amb.MessageValidator;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.EnvelopeRejectedException;

/**
 * The first half of the inbound pipeline, shared by single and batch subscriptions: exact pattern
 * check (for brokers that subscribe more broadly), the inbound interceptors ({@link InterceptorChain}:
 * verification, policy, rate limits; a rejection dead-letters the original with the interceptor's
 * reason), decode into the declared type, filter, validate (the subscription's
 * {@link MessageValidator}, if any). A
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

    private final Clock clock;

    private final InterceptorChain interceptors;

    InboundPreparer(SubscriptionContext subscription, boolean exactPatterns, PayloadCodec codec,
            FailureHandling failures, Clock clock, InterceptorChain interceptors) {
        this.interceptors = interceptors;
        this.subscription = subscription;
        this.exactPatterns = exactPatterns;
        this.codec = codec;
        this.failures = failures;
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
        if (!exactPatterns && !subscription.patterns().matches(envelope.topic())) {
            delivery.ack();
            return null;
        }
        subscription.counters().received.increment();
        if (!failures.admit(subscription, delivery)) {
            return null;
        }
        Envelope intercepted = envelope;
        if (interceptors.hasInbound()) {
            try {
                intercepted = interceptors.afterReceive(envelope, InboundCall.delivery(subscription, delivery.deliveryAttempt()));
            }
            catch (EnvelopeRejectedException ex) {
                failures.refuse(subscription, delivery, ex.reason(), ex);
                return null;
            }
            catch (RuntimeException ex) {
                failures.refuse(subscription, delivery, FailureReason.INTERCEPTOR_FAILED.value(), ex);
                return null;
            }
        }
        DefaultMessage<T> message;
        try {
            message = decode(delivery, intercepted);
        }
        catch (RuntimeException ex) {
            subscription.counters().undecodable.increment();
            failures.rejectUnprocessable(subscription, delivery, ex, FailureReason.UNDECODABLE);
            return null;
        }
        MessageFilter filter = subscription.options().filter();
        if (filter != null) {
            try {
                if (!filter.test(message)) {
                    subscription.counters().filtered.increment();
                    delivery.ack();
                    return null;
                }
            }
            catch (RuntimeException ex) {
                failures.rejectUnprocessable(subscription, delivery, ex, FailureReason.FILTER_FAILED);
                return null;
            }
        }
        MessageValidationException invalid = validate(message);
        if (invalid != null) {
            subscription.counters().invalid.increment();
            failures.rejectUnprocessable(subscription, delivery, invalid, FailureReason.VALIDATION_FAILED);
            return null;
        }
        return message;
    }

    /** @return the violations of the subscription's validator, or {@code null} when there is none or the message is valid */
    private MessageValidationException validate(DefaultMessage<T> message) {
        MessageValidator validator = subscription.options().validator();
        if (validator == null) {
            return null;
        }
        try {
            List<String> violations = validator.validate(message);
            return violations == null || violations.isEmpty() ? null
                    : new MessageValidationException(message.id(), message.topic(), violations);
        }
        catch (RuntimeException ex) {
            return new MessageValidationException(message.id(), message.topic(), ex);
        }
    }

    @SuppressWarnings("unchecked") // the codec decodes into subscription.payloadType(), which is T
    private DefaultMessage<T> decode(Delivery delivery, Envelope envelope) {
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
            if (claim()) {
                delivery.ack();
            }
        }

        @Override
        public void requeue(Duration delay) {
            if (claim()) {
                delivery.nack(delay);
            }
        }

        @Override
        public void deadLetter(String reason) {
            if (claim()) {
                failures.deadLetter(subscription, delivery, delivery.deliveryAttempt(), reason);
            }
        }

        @Override
        public void reject() {
            if (claim()) {
                failures.deadLetter(subscription, delivery, delivery.deliveryAttempt(), FailureReason.REJECTED.value());
            }
        }

        /** The first settlement the handler asks for wins, even while it is still under way. */
        private boolean claim() {
            return !(delivery instanceof TrackedDelivery tracked) || tracked.claim();
        }
    }
}
