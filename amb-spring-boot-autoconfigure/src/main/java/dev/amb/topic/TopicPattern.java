package dev.amb.topic;

import java.util.Arrays;

/**
 * A parsed subscription pattern with RabbitMQ topic-exchange semantics: {@code *} matches exactly
 * one segment, {@code #} matches zero or more segments and may stand anywhere
 * ({@code logs.#.error} matches {@code logs.error} and {@code logs.a.b.error};
 * {@code agents.#} matches {@code agents}).
 *
 * <p>Immutable and thread safe. For matching one topic against many patterns use
 * {@link TopicTrie}; {@link #matches(String)} is for checking a single pattern.
 *
 * @since 0.1.0
 */
public final class TopicPattern {

    /** The single-segment wildcard. */
    public static final String STAR = "*";

    /** The zero-or-more-segments wildcard. */
    public static final String HASH = "#";

    private final String pattern;

    private final String[] segments;

    private final boolean literal;

    private TopicPattern(String pattern) {
        this.pattern = pattern;
        this.segments = Topics.segments(pattern);
        this.literal = Arrays.stream(segments).noneMatch(s -> s.equals(STAR) || s.equals(HASH));
    }

    /**
     * Parses and validates a pattern.
     * @param pattern the pattern
     * @return the parsed pattern
     * @throws IllegalArgumentException naming the pattern and the rule it breaks
     */
    public static TopicPattern of(String pattern) {
        return new TopicPattern(Topics.validatePattern(pattern));
    }

    /**
     * Whether {@code topic} matches this pattern.
     * @param topic a concrete topic
     * @return {@code true} when it matches
     */
    public boolean matches(String topic) {
        if (literal) {
            return pattern.equals(topic);
        }
        return matches(segments, Topics.segments(topic));
    }

    /**
     * Dynamic programming over (pattern position, topic position), from the end: linear in
     * pattern length times topic length whatever the number of '#' wildcards.
     */
    private static boolean matches(String[] pattern, String[] topic) {
        int t = topic.length;
        boolean[] next = new boolean[t + 1]; // row for pattern position i + 1
        boolean[] current = new boolean[t + 1];
        next[t] = true;
        for (int i = pattern.length - 1; i >= 0; i--) {
            String segment = pattern[i];
            if (segment.equals(HASH)) {
                current[t] = next[t];
                for (int j = t - 1; j >= 0; j--) {
                    current[j] = next[j] || current[j + 1];
                }
            }
            else {
                current[t] = false;
                boolean star = segment.equals(STAR);
                for (int j = t - 1; j >= 0; j--) {
                    current[j] = next[j + 1] && (star || segment.equals(topic[j]));
                }
            }
            boolean[] swap = next;
            next = current;
            current = swap;
        }
        return next[0];
    }

    /** @return {@code true} when the pattern has no wildcard, so it matches exactly one topic */
    public boolean isLiteral() {
        return literal;
    }

    /** @return the pattern's segments, in order (a copy) */
    public String[] segments() {
        return segments.clone();
    }

    /** @return the pattern as written */
    public String value() {
        return pattern;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof TopicPattern that && pattern.equals(that.pattern));
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
