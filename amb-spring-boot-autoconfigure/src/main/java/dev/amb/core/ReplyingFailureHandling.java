package dev.amb.core;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.ReplyInboxes;

/**
 * Failure handling for responders: a request that cannot be decoded, fails validation (or whose filter throws) is
 * answered with an error reply before the usual failure handling, so the requester fails at once
 * instead of waiting for its timeout. A request whose {@code replyto} is not a reply inbox is
 * refused before handling and dead-lettered with the reason {@code invalid-reply-to}. Shares the bus's failure-handling state (see
 * {@link FailureHandling#FailureHandling(FailureHandling)}).
 */
final class ReplyingFailureHandling extends FailureHandling {

    private final ReplySender replies;

    ReplyingFailureHandling(FailureHandling shared, ReplySender replies) {
        super(shared);
        this.replies = replies;
    }

    /** Refuses (dead-letters) a request whose {@code replyto} is not a reply inbox, without answering it. */
    @Override
    boolean admit(SubscriptionContext subscription, Delivery delivery) {
        String replyTo = delivery.envelope().replyTo();
        if (replyTo == null || replies.isReplyAddress(replyTo)) {
            return true;
        }
        refuse(subscription, delivery, FailureReason.INVALID_REPLY_TO, new IllegalArgumentException("The request's replyto '"
                + replyTo + "' is not a reply inbox (" + ReplyInboxes.PREFIX
                + "* or the broker's native reply address); it is not answered"));
        return false;
    }

    /**
     * A request the handler never saw (its redelivery limit was reached) is answered with an error
     * reply, so its requester fails at once instead of waiting for the timeout.
     */
    @Override
    void handlerFailed(SubscriptionContext subscription, Delivery delivery, int attempts, Exception cause) {
        if (cause instanceof RedeliveryLimitException) {
            Envelope request = delivery.envelope();
            replies.sendError(request.replyTo(), request.correlationId(), request.id(), cause);
        }
        super.handlerFailed(subscription, delivery, attempts, cause);
    }

    @Override
    void rejectUnprocessable(SubscriptionContext subscription, Delivery delivery, Throwable cause, FailureReason reason) {
        Envelope request = delivery.envelope();
        replies.sendError(request.replyTo(), request.correlationId(), request.id(), cause);
        super.rejectUnprocessable(subscription, delivery, cause, reason);
    }
}
