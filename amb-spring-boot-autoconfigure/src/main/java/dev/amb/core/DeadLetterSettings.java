package dev.amb.core;

import java.time.Duration;
import java.util.Objects;

import dev.amb.topic.Topics;

/**
 * Where and whether dead letters go ({@code amb.dead-letter.*}).
 *
 * @param enabled {@code false} logs and drops failed messages (counted) instead of dead-lettering
 * @param topic the dead-letter topic
 * @param publishRetryDelay when publishing a dead letter fails, the original is redelivered after
 *        this delay instead of being acknowledged, so it is not lost
 * @since 0.1.0
 */
public record DeadLetterSettings(boolean enabled, String topic, Duration publishRetryDelay) {

    /** The default dead-letter topic. */
    public static final String DEFAULT_TOPIC = "amb.dead-letter";

    /**
     * Validates the settings.
     * @param enabled whether dead-lettering is on
     * @param topic a valid topic
     * @param publishRetryDelay zero or positive
     */
    public DeadLetterSettings {
        Topics.validateTopic(topic);
        Objects.requireNonNull(publishRetryDelay, "publishRetryDelay");
    }

    /** @return dead-lettering on, to {@code amb.dead-letter}, 1 s before a failed dead-letter publish is retried */
    public static DeadLetterSettings defaults() {
        return new DeadLetterSettings(true, DEFAULT_TOPIC, Duration.ofSeconds(1));
    }
}
