package dev.amb.broker.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.amb.topic.TopicPattern;

/**
 * How AMB topics and patterns become Kafka topic names and regular expressions: topic {@code T}
 * is the Kafka topic {@code <prefix>T} (AMB's topic characters are all legal in Kafka topic
 * names), and a pattern is an anchored regular expression over Kafka topic names with exactly
 * {@link TopicPattern}'s semantics: {@code *} is one segment, {@code #} zero or more segments
 * anywhere in the pattern.
 *
 * <p>Immutable and thread safe.
 */
final class KafkaTopicNames {

    /** Kafka's longest topic name. */
    static final int MAX_KAFKA_TOPIC_LENGTH = 249;

    private static final String SEGMENT = "[A-Za-z0-9_-]+";

    private final String prefix;

    /**
     * @param prefix prepended to every AMB topic, empty for none; only Kafka topic characters
     */
    KafkaTopicNames(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
        if (!this.prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("Kafka topic prefix '" + prefix
                    + "' may only hold letters, digits, '.', '_' and '-' (amb.kafka.topic-prefix)");
        }
    }

    /** @return the prefix, empty for none */
    String prefix() {
        return prefix;
    }

    /**
     * @param topic a valid AMB topic
     * @return its Kafka topic
     * @throws IllegalArgumentException when the name is longer than Kafka allows
     */
    String kafkaTopic(String topic) {
        String name = prefix + topic;
        if (name.length() > MAX_KAFKA_TOPIC_LENGTH) {
            throw new IllegalArgumentException("Topic '" + topic + "' is too long for Kafka: with the prefix '" + prefix
                    + "' it has " + name.length() + " characters, Kafka allows " + MAX_KAFKA_TOPIC_LENGTH);
        }
        return name;
    }

    /**
     * @param kafkaTopic a Kafka topic name
     * @return the AMB topic it carries, or {@code null} when it does not start with the prefix
     */
    String ambTopic(String kafkaTopic) {
        if (!kafkaTopic.startsWith(prefix) || kafkaTopic.length() == prefix.length()) {
            return null;
        }
        return kafkaTopic.substring(prefix.length());
    }

    /**
     * @param patterns AMB patterns
     * @return one anchored regular expression over Kafka topic names matching the union
     */
    Pattern regex(List<String> patterns) {
        List<String> alternatives = new ArrayList<>();
        for (String pattern : patterns) {
            alternatives.add("(?:" + regex(pattern) + ")");
        }
        return Pattern.compile((prefix.isEmpty() ? "" : Pattern.quote(prefix)) + "(?:" + String.join("|", alternatives)
                + ")");
    }

    /**
     * The regular expression of one pattern, without the prefix.
     * @param pattern an AMB pattern
     * @return the expression; {@link java.util.regex.Matcher#matches()} gives TopicPattern's answer
     */
    static String regex(String pattern) {
        List<String> elements = new ArrayList<>();
        for (String segment : TopicPattern.of(pattern).segments()) {
            boolean repeatedHash = TopicPattern.HASH.equals(segment) && !elements.isEmpty()
                    && TopicPattern.HASH.equals(elements.get(elements.size() - 1));
            if (!repeatedHash) {
                elements.add(segment);
            }
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < elements.size(); i++) {
            String element = elements.get(i);
            boolean first = i == 0;
            if (TopicPattern.HASH.equals(element)) {
                if (elements.size() == 1) {
                    regex.append(SEGMENT).append("(?:\\.").append(SEGMENT).append(")*");
                }
                else if (first) {
                    // zero or more leading segments, each followed by the dot before the next element
                    regex.append("(?:").append(SEGMENT).append("\\.)*");
                }
                else {
                    regex.append("(?:\\.").append(SEGMENT).append(")*");
                }
                continue;
            }
            boolean afterLeadingHash = i == 1 && TopicPattern.HASH.equals(elements.get(0));
            if (!first && !afterLeadingHash) {
                regex.append("\\.");
            }
            regex.append(TopicPattern.STAR.equals(element) ? SEGMENT : Pattern.quote(element));
        }
        return regex.toString();
    }
}
