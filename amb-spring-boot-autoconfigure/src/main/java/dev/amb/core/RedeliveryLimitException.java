package dev.amb.core;

import dev.amb.AmbException;

/**
 * The broker delivered a message more often than the retry policy allows attempts (after a crash
 * loop, or after its dead letter could not be published): it is dead-lettered without another
 * attempt, so no poison message loops forever. Appears as the dead letter's error class.
 *
 * @since 0.1.0
 */
public class RedeliveryLimitException extends AmbException {

    private static final long serialVersionUID = 1L;

    RedeliveryLimitException(int delivery, int maxAttempts) {
        super("Delivered " + delivery + " times, more than the " + maxAttempts
                + " attempt(s) the retry policy allows; dead-lettered without another attempt");
    }
}
