package dev.amb.core;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * Failure handling for responders: a request that cannot be decoded (or whose filter throws) is
 * answered with an error reply before the usual failure handling, so the requester fails at once
 * instead of waiting for its timeout.
 */
final class ReplyingFailureHandling extends FailureHandling {

    private final FailureHandling delegate;

    private final ReplySender replies;

    ReplyingFailureHandling(FailureHandling delegate, ReplySender replies) {
        super(delegate);
        this.delegate = delegate;
        this.replies = replies;
    }

    @Override
    void rejectUnprocessable(SubscriptionContext subscription, Delivery delivery, Throwable cause, boolean decoding) {
        Envelope request = delivery.envelope();
        replies.sendError(request.replyTo(), request.correlationId(), request.id(), cause);
        delegate.rejectUnprocessable(subscription, delivery, cause, decoding);
    }

    @Override
    void handlerFailed(SubscriptionContext subscription, Delivery delivery, int attempt, Exception cause) {
        delegate.handlerFailed(subscription, delivery, attempt, cause);
    }

    @Override
    void deadLetter(SubscriptionContext subscription, Delivery delivery, int attempt, String reason) {
        delegate.deadLetter(subscription, delivery, attempt, reason);
    }

    @Override
    void interrupted(SubscriptionContext subscription, Delivery delivery) {
        delegate.interrupted(subscription, delivery);
    }
}
