package dev.amb.core;

import java.time.Duration;

/**
 * What {@link dev.amb.Message#ack()} and friends do for a {@code MANUAL} subscription. Implementations
 * settle the underlying delivery at most once.
 */
interface Settlement {

    void ack();

    void requeue(Duration delay);

    void deadLetter(String reason);

    /** {@code reject(false, ...)}: dead-letter with the reason {@code rejected}. */
    void reject();
}
