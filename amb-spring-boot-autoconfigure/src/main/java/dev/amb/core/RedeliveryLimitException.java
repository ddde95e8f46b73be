package dev.amb.core;

import dev.amb.AmbException;

/**
 * A redelivered message already failed as often as the retry policy allows attempts (its handler
 * threw an {@code Error}), or the broker delivered it far more often than that without a failure
 * the bus saw (a crash loop, a handler that requeues it for ever): it is dead-lettered without
 * another attempt, so no poison message loops forever. Appears as the dead letter's error class.
 *
 * @since 0.1.0
 */
public class RedeliveryLimitException extends AmbException {

    private static final long serialVersionUID = 1L;

    RedeliveryLimitException(int delivery, int failedAttempts, int maxAttempts, int redeliveriesWithoutFailure) {
        super(failedAttempts >= maxAttempts
                ? "Failed " + failedAttempts + " time(s) (the retry policy allows " + maxAttempts
                        + " attempt(s)) before it was handed back to the broker; dead-lettered without another attempt"
                : "Delivered " + delivery + " times, more than the " + maxAttempts + " attempt(s) the retry policy allows"
                        + " plus " + redeliveriesWithoutFailure + " redeliveries that followed no failure (a crash loop, or"
                        + " a handler that requeues it for ever); dead-lettered without another attempt");
    }
}
