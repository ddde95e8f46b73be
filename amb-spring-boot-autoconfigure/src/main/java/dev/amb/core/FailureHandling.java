package dev.amb.core;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.Delivery;

/**
 * What the bus does with a message it could not process: undecodable bytes, a filter that threw,
 * a handler that failed, or a handler that dead-lettered it. Never throws, so a failing message
 * never ends its subscription.
 *
 * <p>This version logs each failure with the subscription, topic and message id, counts it in
 * {@link BusCounters#droppedFailures()} and acknowledges the message.
 */
class FailureHandling {

    private static final Log logger = LogFactory.getLog(FailureHandling.class);

    private final BusCounters counters;

    FailureHandling(BusCounters counters) {
        this.counters = counters;
    }

    /** The payload could not be decoded, or a filter or condition threw. */
    void rejectUnprocessable(SubscriptionContext subscription, Delivery delivery, Throwable cause) {
        drop(subscription, delivery, delivery.deliveryAttempt(), cause.getClass().getName() + ": " + cause.getMessage(),
                cause);
    }

    /** The handler threw on the given attempt. */
    void handlerFailed(SubscriptionContext subscription, Delivery delivery, int attempt, Exception cause) {
        drop(subscription, delivery, attempt, cause.getClass().getName() + ": " + cause.getMessage(), cause);
    }

    /** The handler asked for the message to be dead-lettered. */
    void deadLetter(SubscriptionContext subscription, Delivery delivery, int attempt, String reason) {
        drop(subscription, delivery, attempt, reason, null);
    }

    private void drop(SubscriptionContext subscription, Delivery delivery, int attempt, String reason, Throwable cause) {
        counters.droppedFailures.increment();
        logger.warn("Dropping message " + delivery.envelope().id() + " on '" + delivery.envelope().topic()
                + "' for subscription '" + subscription.id() + "' after " + attempt + " attempt(s): " + reason, cause);
        delivery.ack();
    }
}
