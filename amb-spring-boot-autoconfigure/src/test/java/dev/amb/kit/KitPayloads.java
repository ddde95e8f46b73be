package dev.amb.kit;

import java.time.Instant;
import java.util.List;

/**
 * Payload types the compatibility kit sends.
 */
public final class KitPayloads {

    private KitPayloads() {
    }

    /** A typical agent task. */
    public record Task(String id, int priority, List<String> tags, Instant createdAt) {
    }

    /** A numbered message, for order and exactly-once checks. */
    public record Numbered(String publisher, int sequence) {
    }
}
