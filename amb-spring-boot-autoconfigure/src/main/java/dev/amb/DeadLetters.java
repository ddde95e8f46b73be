package dev.amb;

import java.util.concurrent.CompletableFuture;

/**
 * Works with dead letters: messages the bus gave up on (retries exhausted, undecodable,
 * rejected...). Dead letters are ordinary messages on the dead-letter topic
 * ({@code amb.dead-letter.topic}, default {@code amb.dead-letter}) carrying the original payload,
 * the original user headers and {@code amb-dlq-*} headers saying where they came from and why
 * (see {@link AmbHeaders#DEAD_LETTER_TOPIC} and the constants after it). Subscribe to them like to
 * any topic; this interface adds republishing.
 *
 * <pre>{@code
 * @AgentListener(topics = "amb.dead-letter", condition = "headers['amb-dlq-reason'] == 'retries-exhausted'")
 * void retryLater(Message<Object> deadLetter) {
 *     deadLetters.republish(deadLetter);
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> thread safe.
 *
 * @since 0.1.0
 */
public interface DeadLetters {

    /** @return the dead-letter topic */
    String topic();

    /**
     * Publishes a dead letter's original payload (the exact bytes and content type that failed)
     * and user headers to its original topic, as a new message with an
     * {@link AmbHeaders#REPUBLISHED_FROM} header.
     * @param deadLetter a message received from the dead-letter topic
     * @return a future completing when the broker accepted the republished message
     * @throws IllegalArgumentException when the message is not a dead letter
     */
    CompletableFuture<Void> republish(Message<?> deadLetter);

    /**
     * Republishes every dead letter the filter selects, as they arrive, until the returned
     * subscription is closed. It is a member of the group {@code amb-dead-letter-replay}, so
     * several instances of an agent replay each dead letter once. A message is replayed at most
     * once: if it fails again, its new dead letter (which carries
     * {@link AmbHeaders#REPUBLISHED_FROM}) is left alone, so a consumer that is still failing
     * cannot make replay loop; {@link #republish(Message)} it explicitly to try again.
     * @param selector which dead letters to republish
     * @return the replaying subscription
     */
    Subscription replay(MessageFilter selector);
}
