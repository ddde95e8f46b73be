package dev.amb;

/**
 * The agent's access policy does not allow it to publish to, or subscribe to, a topic.
 *
 * @since 0.1.0
 */
public class TopicAccessDeniedException extends AmbException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    /**
     * Creates the exception.
     * @param topic the topic or pattern that was denied
     * @param message why
     */
    public TopicAccessDeniedException(String topic, String message) {
        super(message);
        this.topic = topic;
    }

    /** @return the topic or pattern that was denied */
    public String topic() {
        return topic;
    }
}
