package dev.amb;

import java.time.Duration;
import java.util.List;

/**
 * No reply (or, for scatter-gather, too few replies) arrived within the timeout.
 *
 * <p>For {@link MessageBus#scatter} the exception carries the replies that did arrive, so a
 * caller can still use a partial result.
 *
 * @since 0.1.0
 */
public class RequestTimeoutException extends AmbException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    private final Duration timeout;

    private final transient List<Message<?>> partialReplies;

    /**
     * Creates the exception for a request that got no reply.
     * @param topic the request topic
     * @param timeout the timeout that elapsed
     */
    public RequestTimeoutException(String topic, Duration timeout) {
        this("No reply on '" + topic + "' within " + timeout, topic, timeout, List.of());
    }

    /**
     * Creates the exception with a custom message and the replies that arrived in time.
     * @param message the detail message
     * @param topic the request topic
     * @param timeout the timeout that elapsed
     * @param partialReplies the replies received before the timeout
     */
    public RequestTimeoutException(String message, String topic, Duration timeout, List<? extends Message<?>> partialReplies) {
        super(message);
        this.topic = topic;
        this.timeout = timeout;
        this.partialReplies = List.copyOf(partialReplies);
    }

    /** @return the topic of the request that timed out */
    public String topic() {
        return topic;
    }

    /** @return the timeout that elapsed */
    public Duration timeout() {
        return timeout;
    }

    /** @return the replies that arrived before the timeout; empty for a single request */
    public List<Message<?>> partialReplies() {
        return partialReplies != null ? partialReplies : List.of();
    }
}
