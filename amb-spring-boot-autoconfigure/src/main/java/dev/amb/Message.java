package dev.amb;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A message as a handler receives it: the decoded payload plus its metadata.
 *
 * <p><b>Threading:</b> a message is immutable apart from its settlement state; the accessors may
 * be called from any thread. The settlement methods ({@link #ack()}, {@link #reject(boolean, Duration)},
 * {@link #deadLetter(String)}) may be called from any thread, also after the handler returned
 * (asynchronous processing); only the first settlement counts, later ones are ignored.
 *
 * @param <T> the payload type
 * @since 0.1.0
 */
public interface Message<T> {

    /**
     * The unique id the publisher gave the message (the CloudEvents {@code id}).
     * @return the message id, never {@code null}
     */
    String id();

    /**
     * The concrete topic the message was published to, not the subscription's pattern.
     * @return the topic, never {@code null}
     */
    String topic();

    /**
     * The payload decoded into the handler's declared type.
     * @return the payload, or {@code null} when the message had no payload
     */
    T data();

    /**
     * The user headers the publisher attached.
     * @return an unmodifiable map, empty when there are none
     */
    Map<String, String> headers();

    /**
     * When the message was published (the CloudEvents {@code time}).
     * @return the publish time, never {@code null}
     */
    Instant timestamp();

    /**
     * The id of the publishing agent (the CloudEvents {@code source}).
     * @return the sender id, or {@code null} for a message from a non-AMB producer without one
     */
    String sender();

    /**
     * The correlation id linking a reply to its request.
     * @return the correlation id, or {@code null} when none
     */
    String correlationId();

    /**
     * The topic the sender expects replies on.
     * @return the reply topic, or {@code null} when none
     */
    String replyTo();

    /**
     * How many times this message has been delivered to this subscription, counting this delivery.
     * @return 1 on first delivery, 2 on the first retry, and so on
     */
    int deliveryAttempt();

    /**
     * Acknowledges the message: it will not be delivered again.
     * @throws IllegalStateException unless the subscription uses {@link AckMode#MANUAL}
     */
    void ack();

    /**
     * Rejects the message.
     * @param requeue {@code true} to have it delivered again after {@code delay};
     *        {@code false} to dead-letter it with the reason {@code "rejected"}
     * @param delay how long to wait before redelivery ({@code Duration.ZERO} for at once);
     *        ignored when {@code requeue} is {@code false}
     * @throws IllegalStateException unless the subscription uses {@link AckMode#MANUAL}
     */
    void reject(boolean requeue, Duration delay);

    /**
     * Sends the message to the dead-letter topic with the given reason and acknowledges it.
     * @param reason why the message is dead-lettered; becomes a dead-letter header
     * @throws IllegalStateException unless the subscription uses {@link AckMode#MANUAL}
     */
    void deadLetter(String reason);
}
