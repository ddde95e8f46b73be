package dev.amb;

/**
 * A publish went over a configured rate limit and was not sent.
 *
 * @since 0.1.0
 */
public class RateLimitExceededException extends AmbException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    /**
     * Creates the exception.
     * @param topic the topic the publish was for
     * @param message which limit refused it
     */
    public RateLimitExceededException(String topic, String message) {
        super(message);
        this.topic = topic;
    }

    /** @return the topic the publish was for */
    public String topic() {
        return topic;
    }
}
