package dev.amb.security;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.amb.topic.TopicPattern;

/**
 * One rule of a {@link TopicPolicy}: which principals may publish and subscribe on the topics a
 * pattern matches, and whether those topics are rate limited or audited.
 *
 * <p>A principal is {@code *} (everyone), an agent id, or a role that
 * {@link TopicPolicy} maps agent ids to.
 *
 * @param pattern the topics the rule covers ({@code *} one segment, {@code #} any number)
 * @param operations what it governs: {@link Operation#PUBLISH}, {@link Operation#SUBSCRIBE} or both
 * @param allow the principals allowed; when not empty, every other principal is refused on these topics
 *     (an empty list restricts nothing, only {@code deny} applies)
 * @param deny the principals denied; a deny always wins
 * @param rateLimit the most messages per sender per {@link #ratePeriod()}, or 0 for no limit
 * @param ratePeriod the period of the rate limit
 * @param audit whether publishes and deliveries on these topics are audited
 * @since 0.1.0
 */
public record PolicyRule(String pattern, Set<Operation> operations, List<String> allow, List<String> deny, int rateLimit,
        Duration ratePeriod, boolean audit) {

    /**
     * @param pattern the topics the rule covers
     * @param operations what it governs
     * @param allow the principals allowed (empty: no allow list)
     * @param deny the principals denied
     * @param rateLimit the most messages per sender per period, or 0
     * @param ratePeriod the period of the rate limit
     * @param audit whether the topics are audited
     */
    public PolicyRule {
        TopicPattern.of(Objects.requireNonNull(pattern, "policy rule pattern"));
        operations = Set.copyOf(operations.isEmpty() ? Set.of(Operation.PUBLISH, Operation.SUBSCRIBE) : operations);
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        if (rateLimit < 0) {
            throw new IllegalArgumentException("Policy rule '" + pattern + "': the rate limit must not be negative");
        }
        if (rateLimit > 0 && (ratePeriod == null || ratePeriod.isZero() || ratePeriod.isNegative())) {
            throw new IllegalArgumentException("Policy rule '" + pattern + "': a rate limit needs a positive period");
        }
    }

    /** What a rule governs. */
    public enum Operation {

        /** Sending messages to a topic. */
        PUBLISH,

        /** Subscribing to a topic (and, inbound, receiving from a sender who may publish it). */
        SUBSCRIBE
    }
}
