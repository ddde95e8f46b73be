package dev.amb.core;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * Failure handling for responders: a request that cannot be decoded (or whose filter throws) is
 * answered with an error reply before the usual failure handling, so the requester fails at once
 * instead of waiting for its timeout. Shares the bus's failure-handling state (see
 * {@link FailureHandling#FailureHandling(FailureHandling)}).
 */
final class ReplyingFailureHandling extends FailureHandling {

    private final ReplySender replies;

    ReplyingFailureHandling(FailureHandling shared, ReplySender replies) {
        super(shared);
        this.replies = replies;
    }

    @Override
    void rejectUnprocessable(SubscriptionContext subscription, Delivery delivery, Throwable cause, boolean decoding) {
        Envelope request = delivery.envelope();
        replies.sendError(request.replyTo(), request.correlationId(), request.id(), cause);
        super.rejectUnprocessable(subscription, delivery, cause, decoding);
    }
}
