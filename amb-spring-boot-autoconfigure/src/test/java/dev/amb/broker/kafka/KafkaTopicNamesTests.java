package dev.amb.broker.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.amb.topic.TopicPattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The pattern-to-regex translation agrees with {@link TopicPattern} exactly: hand-picked cases,
 * then thousands of random patterns and topics over a small alphabet (so that matches are
 * frequent), with and without a topic prefix.
 */
class KafkaTopicNamesTests {

    private static final String[] WORDS = { "a", "b", "ab", "c-1", "x_y" };

    @Test
    void handPickedPatternsMatchAsTopicPatternDoes() {
        assertAgrees("logs.#.error", "logs.error", "logs.a.error", "logs.a.b.error", "logs.errors", "logs", "x.logs.error");
        assertAgrees("agents.#", "agents", "agents.a", "agents.a.b", "agentsx", "x.agents");
        assertAgrees("#", "a", "a.b", "a.b.c");
        assertAgrees("#.a", "a", "b.a", "b.c.a", "ab", "a.b");
        assertAgrees("#.a.#", "a", "b.a", "a.b", "b.a.c", "b", "ba.c");
        assertAgrees("a.*.c", "a.b.c", "a.c", "a.b.b.c", "a.b.cc");
        assertAgrees("*", "a", "a.b");
        assertAgrees("a.#.#.b", "a.b", "a.x.b", "a.x.y.b", "ab");
        assertAgrees("*.#", "a", "a.b", "a.b.c");
        assertAgrees("#.*", "a", "a.b");
        assertAgrees("a-b.c_d", "a-b.c_d", "a-b.c-d");
    }

    @Test
    void randomPatternsMatchExactlyAsTopicPatternDoes() {
        Random random = new Random(13);
        KafkaTopicNames unprefixed = new KafkaTopicNames("");
        KafkaTopicNames prefixed = new KafkaTopicNames("amb.prod-");
        int matches = 0;
        for (int i = 0; i < 3000; i++) {
            String pattern = randomPattern(random);
            TopicPattern expected = TopicPattern.of(pattern);
            Pattern plain = unprefixed.regex(List.of(pattern));
            Pattern withPrefix = prefixed.regex(List.of(pattern));
            for (int j = 0; j < 20; j++) {
                String topic = randomTopic(random);
                boolean match = expected.matches(topic);
                matches += match ? 1 : 0;
                assertThat(plain.matcher(topic).matches()).as("%s on %s", pattern, topic).isEqualTo(match);
                assertThat(withPrefix.matcher("amb.prod-" + topic).matches()).as("prefixed %s on %s", pattern, topic)
                    .isEqualTo(match);
                assertThat(withPrefix.matcher(topic).matches()).as("unprefixed topic %s", topic).isFalse();
            }
        }
        assertThat(matches).as("the random cases include matches").isGreaterThan(3000);
    }

    @Test
    void severalPatternsBecomeTheirUnion() {
        Random random = new Random(7);
        KafkaTopicNames names = new KafkaTopicNames("");
        for (int i = 0; i < 500; i++) {
            List<String> patterns = List.of(randomPattern(random), randomPattern(random), randomPattern(random));
            Pattern union = names.regex(patterns);
            for (int j = 0; j < 20; j++) {
                String topic = randomTopic(random);
                boolean expected = patterns.stream().anyMatch(p -> TopicPattern.of(p).matches(topic));
                assertThat(union.matcher(topic).matches()).as("%s on %s", patterns, topic).isEqualTo(expected);
            }
        }
    }

    @Test
    void topicNamesCarryThePrefixAndRespectKafkasLengthLimit() {
        KafkaTopicNames names = new KafkaTopicNames("env.");
        assertThat(names.kafkaTopic("orders.created")).isEqualTo("env.orders.created");
        assertThat(names.ambTopic("env.orders.created")).isEqualTo("orders.created");
        assertThat(names.ambTopic("other.orders")).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> names.kafkaTopic("a".repeat(247)))
            .withMessageContaining("too long for Kafka").withMessageContaining("249");
        assertThatIllegalArgumentException().isThrownBy(() -> new KafkaTopicNames("bad prefix"))
            .withMessageContaining("amb.kafka.topic-prefix");
    }

    private static void assertAgrees(String pattern, String... topics) {
        Pattern regex = new KafkaTopicNames("").regex(List.of(pattern));
        for (String topic : topics) {
            assertThat(regex.matcher(topic).matches()).as("%s on %s", pattern, topic)
                .isEqualTo(TopicPattern.of(pattern).matches(topic));
        }
    }

    private static String randomPattern(Random random) {
        int length = 1 + random.nextInt(5);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            segments.add(kind < 2 ? "#" : kind < 4 ? "*" : WORDS[random.nextInt(WORDS.length)]);
        }
        return String.join(".", segments);
    }

    private static String randomTopic(Random random) {
        int length = 1 + random.nextInt(5);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            segments.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return String.join(".", segments);
    }
}
