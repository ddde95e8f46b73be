package dev.amb.spi;

import java.util.Objects;

/**
 * What the bus asks a broker to subscribe to.
 *
 * @param id the subscription's name, used in thread names, logs and error messages
 * @param pattern the topic pattern, already validated by the bus ({@code dev.amb.topic.TopicPattern}
 *        parses it)
 * @param group the consumer group, or {@code null} for broadcast
 * @param concurrency how many deliveries may be handled at once (1 keeps order)
 * @since 0.1.0
 */
public record SubscriptionSpec(String id, String pattern, String group, int concurrency) {

    /**
     * Validates the values.
     * @param id the subscription's name
     * @param pattern the topic pattern
     * @param group the group or {@code null}
     * @param concurrency 1 or more
     */
    public SubscriptionSpec {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(pattern, "pattern must not be null");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
    }

    /** @return {@code true} when the subscription belongs to a consumer group */
    public boolean grouped() {
        return group != null;
    }
}
