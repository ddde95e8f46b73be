package dev.amb.broker.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.amb.topic.TopicPattern;

import static org.assertj.core.api.Assertions.assertThat;

class RedisGlobTests {

    @ParameterizedTest
    @CsvSource({
        "agents.*.status, agents.*.status",
        "agents.#, agents*",
        "logs.#.error, logs.*error",
        "#.audit, *audit",
        "#, *",
        "*, *",
        "a.*.#, a.*",
        "#.#, *",
        "n.#.a.#, n.*a*",
        "*.tail, *.tail" })
    void translatesPatternsIntoGlobs(String pattern, String glob) {
        assertThat(RedisGlob.of(TopicPattern.of(pattern))).isEqualTo(glob);
    }

    @Test
    void globIsAtLeastAsBroadAsThePattern() {
        List<String> patterns = List.of("a.*", "a.#", "a.#.b", "#.b", "*.b", "#", "*", "a.*.#", "#.a.#", "a.#.#.b",
                "*.#.*", "a.b.#.c.*", "#.*.a");
        List<String> topics = topics(List.of("a", "b", "c", "ab"), 4);
        for (String pattern : patterns) {
            TopicPattern parsed = TopicPattern.of(pattern);
            Pattern glob = redisGlobAsRegex(RedisGlob.of(parsed));
            for (String topic : topics) {
                if (parsed.matches(topic)) {
                    assertThat(glob.matcher(topic).matches())
                        .as("glob %s of pattern %s must match %s", RedisGlob.of(parsed), pattern, topic)
                        .isTrue();
                }
            }
        }
    }

    @Test
    void escapesRedisGlobMetacharactersInLiteralText() {
        StringBuilder glob = new StringBuilder();
        RedisGlob.escape("a?b*c[d]e\\f", glob);
        assertThat(glob).hasToString("a\\?b\\*c\\[d\\]e\\\\f");
    }

    /** All topics of 1 to {@code depth} segments over the given words. */
    private static List<String> topics(List<String> words, int depth) {
        List<String> all = new ArrayList<>();
        List<String> level = new ArrayList<>(words);
        for (int d = 1; d <= depth; d++) {
            all.addAll(level);
            List<String> next = new ArrayList<>();
            for (String prefix : level) {
                for (String word : words) {
                    next.add(prefix + "." + word);
                }
            }
            level = next;
        }
        return all;
    }

    /** Redis's glob rules for what RedisGlob produces: '*' is any run of characters, '\x' is x. */
    private static Pattern redisGlobAsRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            }
            else if (c == '*') {
                regex.append(".*");
            }
            else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
