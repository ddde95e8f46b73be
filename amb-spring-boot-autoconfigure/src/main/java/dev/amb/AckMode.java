package dev.amb;

/**
 * How a subscription acknowledges the messages it receives.
 *
 * @since 0.1.0
 */
public enum AckMode {

    /**
     * The bus acknowledges a message when the handler returns normally; a handler exception
     * starts the retry policy and, once retries are exhausted, dead-letters the message.
     */
    AUTO,

    /**
     * The handler settles each message itself with {@link Message#ack()},
     * {@link Message#reject(boolean, java.time.Duration)} or {@link Message#deadLetter(String)}.
     */
    MANUAL,

    /**
     * The handler receives a {@code List} of messages (up to the subscription's batch size) and
     * the whole batch is acknowledged together when the handler returns.
     */
    BATCH
}
