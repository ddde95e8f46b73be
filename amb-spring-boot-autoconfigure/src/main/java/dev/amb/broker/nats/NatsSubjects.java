package dev.amb.broker.nats;

import java.util.ArrayList;
import java.util.List;

import dev.amb.topic.TopicPattern;

/**
 * Translates AMB topics and patterns to NATS subjects and back.
 *
 * <p>AMB topics are dot-separated like NATS subjects, so a topic is its own subject (in JetStream
 * mode under a prefix, see {@link #subject(String, String)}). Patterns differ only in {@code #}:
 * <ul>
 * <li>{@code *} is NATS's {@code *} (exactly one token);</li>
 * <li>a single trailing {@code #} ({@code a.b.#}) becomes {@code a.b.>} plus the bare
 * {@code a.b}, because NATS's {@code >} needs at least one token; a pattern of just {@code #} is
 * {@code >}. Both subscriptions feed one AMB subscription and no subject matches both, so nothing
 * arrives twice. The translation is exact;</li>
 * <li>any other {@code #} ({@code a.#.error}, {@code #.audit}, {@code a.#.#}) subscribes from the
 * first {@code #} on with {@code >} (plus the bare prefix when the rest may match zero tokens)
 * and the bus filters exactly; see {@link Translation#exact()}.</li>
 * </ul>
 *
 * <p>Stateless and thread safe.
 */
final class NatsSubjects {

    private NatsSubjects() {
    }

    /**
     * The NATS subject(s) to subscribe to for an AMB pattern.
     * @param pattern the AMB pattern
     * @param prefix the subject prefix (JetStream mode), or {@code ""} for none
     * @return the subjects and whether they match exactly what the pattern matches
     */
    static Translation translate(TopicPattern pattern, String prefix) {
        String[] segments = pattern.segments();
        int firstHash = -1;
        int hashes = 0;
        for (int i = 0; i < segments.length; i++) {
            if (TopicPattern.HASH.equals(segments[i])) {
                hashes++;
                if (firstHash < 0) {
                    firstHash = i;
                }
            }
        }
        if (firstHash < 0) {
            return new Translation(List.of(subject(prefix, pattern.value())), true);
        }
        String head = String.join(".", List.of(segments).subList(0, firstHash));
        int tokensAfter = segments.length - firstHash - 1 - (hashes - 1);
        boolean trailingOnly = hashes == 1 && firstHash == segments.length - 1;
        List<String> subjects = new ArrayList<>(2);
        subjects.add(subject(prefix, head.isEmpty() ? ">" : head + ".>"));
        if (tokensAfter == 0 && !head.isEmpty()) {
            // '#' may match zero segments: the bare head matches too, and NATS '>' needs one token
            subjects.add(subject(prefix, head));
        }
        return new Translation(List.copyOf(subjects), trailingOnly);
    }

    /**
     * The subject an AMB topic (or translated pattern) travels on.
     * @param prefix the subject prefix, or {@code ""}
     * @param topic the topic
     * @return {@code prefix.topic}, or the topic itself without a prefix
     */
    static String subject(String prefix, String topic) {
        return prefix.isEmpty() ? topic : prefix + "." + topic;
    }

    /**
     * The AMB topic a message arrived for.
     * @param prefix the subject prefix, or {@code ""}
     * @param subject the NATS subject
     * @return the topic, or {@code null} when the subject is not under the prefix
     */
    static String topic(String prefix, String subject) {
        if (prefix.isEmpty()) {
            return subject;
        }
        if (subject.length() > prefix.length() + 1 && subject.startsWith(prefix)
                && subject.charAt(prefix.length()) == '.') {
            return subject.substring(prefix.length() + 1);
        }
        return null;
    }

    /**
     * Whether a NATS subject filter matches every subject another filter matches.
     * @param filter a subject filter, such as a stream subject ({@code orders.>})
     * @param subject a subject or subject filter ({@code orders.*.created})
     * @return {@code true} when everything {@code subject} matches is matched by {@code filter}
     */
    static boolean covers(String filter, String subject) {
        String[] f = filter.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals(">")) {
                return i < s.length;
            }
            if (i >= s.length || s[i].equals(">")) {
                return false;
            }
            if (!f[i].equals("*") && !f[i].equals(s[i])) {
                return false;
            }
        }
        return f.length == s.length;
    }

    /**
     * The result of translating a pattern.
     * @param subjects one or two NATS subjects; no subject matches two of them
     * @param exact {@code true} when the subjects match exactly the topics the pattern matches;
     *        otherwise they match more and the bus filters
     */
    record Translation(List<String> subjects, boolean exact) {
    }
}
