package dev.amb.security;

import java.time.Instant;
import java.util.Map;

/**
 * One audit record: something a sensitive topic saw, or a security refusal.
 *
 * @param time when it happened
 * @param principal the agent it is about: this agent for a publish, the (claimed or verified) sender for a delivery
 * @param type what happened, one of the {@code AuditRecord.*} type constants
 * @param topic the topic
 * @param messageId the message id
 * @param details more facts: {@code reason}, {@code subscription}, {@code verified}, ...
 * @since 0.1.0
 */
public record AuditRecord(Instant time, String principal, String type, String topic, String messageId,
        Map<String, String> details) {

    /** An agent published to an audited topic. */
    public static final String PUBLISHED = "AMB_MESSAGE_PUBLISHED";

    /** A subscription received a message on an audited topic (before its handler runs). */
    public static final String DELIVERED = "AMB_MESSAGE_DELIVERED";

    /** A publish or subscribe was refused by the access policy or a rate limit. */
    public static final String DENIED = "AMB_ACCESS_DENIED";

    /** A received message was refused: unsigned, bad signature, stale, replayed, not allowed, over its rate. */
    public static final String REJECTED = "AMB_MESSAGE_REJECTED";

    /**
     * @param time when it happened
     * @param principal the agent it is about
     * @param type what happened
     * @param topic the topic
     * @param messageId the message id
     * @param details more facts
     */
    public AuditRecord {
        details = Map.copyOf(details);
    }
}
