package dev.amb.topic;

import java.util.ArrayList;
import java.util.List;

/**
 * Validation of AMB topics and patterns.
 *
 * <p>A topic is one or more segments separated by dots; each segment is one or more of
 * {@code A-Z a-z 0-9 _ -}; the whole topic is at most {@value #MAX_LENGTH} characters.
 * A pattern follows the same rules but a segment may also be {@code *} (exactly one segment) or
 * {@code #} (zero or more segments).
 *
 * <p>All methods are static, thread safe and allocation-light.
 *
 * @since 0.1.0
 */
public final class Topics {

    /** The longest allowed topic or pattern, in characters. */
    public static final int MAX_LENGTH = 255;

    /** The rule every error message repeats, so the user sees what a valid topic looks like. */
    public static final String RULE = "topics are dot-separated segments of letters, digits, '_' or '-' "
            + "([A-Za-z0-9_-]+), at most " + MAX_LENGTH + " characters";

    private static final String PATTERN_RULE = RULE + "; in subscription patterns a segment may also be "
            + "'*' (exactly one segment) or '#' (zero or more segments)";

    private Topics() {
    }

    /**
     * Checks that {@code topic} is a valid concrete topic (no wildcards).
     * @param topic the topic to check
     * @return the topic, for chaining
     * @throws IllegalArgumentException naming the topic and the rule it breaks
     */
    public static String validateTopic(String topic) {
        String problem = problem(topic, false);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid topic " + quote(topic) + ": " + problem + "; " + RULE);
        }
        return topic;
    }

    /**
     * Checks that {@code pattern} is a valid subscription pattern.
     * @param pattern the pattern to check
     * @return the pattern, for chaining
     * @throws IllegalArgumentException naming the pattern and the rule it breaks
     */
    public static String validatePattern(String pattern) {
        String problem = problem(pattern, true);
        if (problem != null) {
            throw new IllegalArgumentException(
                    "Invalid topic pattern " + quote(pattern) + ": " + problem + "; " + PATTERN_RULE);
        }
        return pattern;
    }

    /**
     * Whether {@code topic} is a valid concrete topic.
     * @param topic the candidate
     * @return {@code true} when {@link #validateTopic(String)} would accept it
     */
    public static boolean isValidTopic(String topic) {
        return problem(topic, false) == null;
    }

    /**
     * Splits a topic (already validated) into its segments.
     * @param topic a valid topic
     * @return the segments, in order
     */
    public static String[] segments(String topic) {
        List<String> parts = new ArrayList<>(8);
        int start = 0;
        int dot;
        while ((dot = topic.indexOf('.', start)) >= 0) {
            parts.add(topic.substring(start, dot));
            start = dot + 1;
        }
        parts.add(topic.substring(start));
        return parts.toArray(String[]::new);
    }

    private static String problem(String value, boolean wildcards) {
        if (value == null) {
            return "it is null";
        }
        if (value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it is " + value.length() + " characters long";
        }
        int segment = 1;
        int segmentStart = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '.') {
                String problem = segmentProblem(value, segmentStart, i, segment, wildcards);
                if (problem != null) {
                    return problem;
                }
                segment++;
                segmentStart = i + 1;
            }
        }
        return null;
    }

    private static String segmentProblem(String value, int start, int end, int segment, boolean wildcards) {
        if (start == end) {
            return "segment " + segment + " is empty";
        }
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c == '*' || c == '#') {
                if (!wildcards) {
                    return "'" + c + "' is a wildcard, only allowed in subscription patterns, not in a topic "
                            + "you publish to";
                }
                if (end - start != 1) {
                    return "segment " + segment + " '" + value.substring(start, end) + "' mixes '" + c
                            + "' with other characters; a wildcard must be a whole segment";
                }
            }
            else if (!isWordChar(c)) {
                return "segment " + segment + " '" + value.substring(start, end) + "' contains "
                        + describe(c);
            }
        }
        return null;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String describe(char c) {
        if (Character.isWhitespace(c)) {
            return "whitespace";
        }
        if (Character.isISOControl(c)) {
            return String.format("the control character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 80 ? "'" + value.substring(0, 80) + "...'" : "'" + value + "'";
    }
}
