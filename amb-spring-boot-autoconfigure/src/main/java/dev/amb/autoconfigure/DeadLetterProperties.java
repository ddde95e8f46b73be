package dev.amb.autoconfigure;

/**
 * Dead letters ({@code amb.dead-letter.*}).
 *
 * @since 0.1.0
 */
public class DeadLetterProperties {

    /**
     * Whether messages the bus gives up on go to the dead-letter topic. When false they are
     * logged and dropped instead, and counted.
     */
    private boolean enabled = true;

    /**
     * The dead-letter topic; subscribe to it like to any topic.
     */
    private String topic = "amb.dead-letter";

    /** @return whether dead-lettering is on */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether dead-lettering is on */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the dead-letter topic */
    public String getTopic() {
        return topic;
    }

    /** @param topic the dead-letter topic */
    public void setTopic(String topic) {
        this.topic = topic;
    }
}
