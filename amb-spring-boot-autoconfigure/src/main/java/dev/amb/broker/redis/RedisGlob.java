package dev.amb.broker.redis;

import dev.amb.topic.TopicPattern;

/**
 * Translates an AMB pattern into a Redis {@code PSUBSCRIBE} glob that matches every topic the
 * pattern matches, and possibly more (the bus then filters exactly).
 *
 * <p>Redis's {@code *} matches any characters, dots included, so an AMB {@code *} (one segment)
 * becomes {@code *}, and a {@code #} (zero or more segments) becomes {@code *} that also swallows
 * one neighbouring dot, so that it may match nothing: {@code logs.#.error} becomes
 * {@code logs.*error} (matching {@code logs.error} and {@code logs.a.b.error}), {@code agents.#}
 * becomes {@code agents*} (matching {@code agents}), {@code #.audit} becomes {@code *audit}.
 * Literal segments have their glob metacharacters ({@code ?}, {@code *}, {@code [}, {@code ]},
 * {@code \}) escaped with a backslash; valid AMB segments ({@code [A-Za-z0-9_-]+}) never contain
 * them, so this only guards against a future widening of the topic rules.
 *
 * <p>One AMB subscription uses exactly one glob, so a topic matching a pattern in several ways is
 * still delivered once. Stateless.
 */
final class RedisGlob {

    private RedisGlob() {
    }

    /**
     * @param pattern a pattern with at least one wildcard
     * @return the glob
     */
    static String of(TopicPattern pattern) {
        String[] segments = pattern.segments();
        StringBuilder glob = new StringBuilder(pattern.value().length() + 4);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(TopicPattern.HASH) || segment.equals(TopicPattern.STAR)) {
                appendStar(glob);
            }
            else {
                escape(segment, glob);
            }
            if (i + 1 < segments.length && separatorKept(segments, i)) {
                glob.append('.');
            }
        }
        return glob.toString();
    }

    /**
     * Whether the dot between segments {@code i} and {@code i + 1} stays: a {@code #} swallows the
     * dot after it, and a trailing {@code #} the dot before it.
     */
    private static boolean separatorKept(String[] segments, int i) {
        boolean hashBefore = segments[i].equals(TopicPattern.HASH);
        boolean trailingHashAfter = i + 1 == segments.length - 1 && segments[i + 1].equals(TopicPattern.HASH);
        return !hashBefore && !trailingHashAfter;
    }

    private static void appendStar(StringBuilder glob) {
        if (glob.length() == 0 || glob.charAt(glob.length() - 1) != '*' || isEscaped(glob, glob.length() - 1)) {
            glob.append('*');
        }
    }

    private static boolean isEscaped(StringBuilder glob, int index) {
        return index > 0 && glob.charAt(index - 1) == '\\';
    }

    /**
     * Appends a literal segment with Redis glob metacharacters escaped.
     * @param segment the literal text
     * @param glob where to append it
     */
    static void escape(String segment, StringBuilder glob) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                glob.append('\\');
            }
            glob.append(c);
        }
    }
}
