package dev.amb.topic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTrieTests {

    private final TopicTrie<String> trie = new TopicTrie<>();

    @Test
    void routesATopicToEveryMatchingPattern() {
        add("agents.tasks", "exact");
        add("agents.*", "star");
        add("agents.#", "hash");
        add("#", "all");
        add("agents.status", "other");

        assertThat(trie.match("agents.tasks")).containsExactlyInAnyOrder("exact", "star", "hash", "all");
        assertThat(trie.match("agents")).containsExactlyInAnyOrder("hash", "all");
        assertThat(trie.match("agents.a.b")).containsExactlyInAnyOrder("hash", "all");
        assertThat(trie.match("elsewhere")).containsExactly("all");
    }

    @Test
    void returnsEachRegistrationOnceEvenWhenItMatchesInSeveralWays() {
        add("#.a.#", "overlapping");
        add("a.#.#.a", "double-hash");

        assertThat(trie.match("a.a.a.a")).containsExactlyInAnyOrder("overlapping", "double-hash");
    }

    @Test
    void removingAPatternStopsItsMatchesAndPrunesTheTrie() {
        add("a.b.c", "one");
        add("a.b.*", "two");

        assertThat(trie.remove(TopicPattern.of("a.b.c"), "one")).isTrue();
        assertThat(trie.remove(TopicPattern.of("a.b.c"), "one")).isFalse();
        assertThat(trie.match("a.b.c")).containsExactly("two");
        assertThat(trie.remove(TopicPattern.of("a.b.*"), "two")).isTrue();
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.match("a.b.c")).isEmpty();
    }

    @Test
    void addingTheSameValueTwiceUnderOnePatternIsANoOp() {
        add("a.*", "v");
        add("a.*", "v");

        assertThat(trie.size()).isEqualTo(1);
        assertThat(trie.match("a.x")).containsExactly("v");
    }

    @Test
    void agreesWithTopicPatternOnRandomPatternsAndTopics() {
        Random random = new Random(7);
        String[] words = { "a", "b", "c" };
        List<TopicPattern> patterns = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            TopicPattern pattern = TopicPattern.of(randomPattern(random, words));
            patterns.add(pattern);
            trie.add(pattern, pattern.value() + "#" + i);
        }
        for (int t = 0; t < 2000; t++) {
            String topic = randomTopic(random, words);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < patterns.size(); i++) {
                if (patterns.get(i).matches(topic)) {
                    expected.add(patterns.get(i).value() + "#" + i);
                }
            }
            List<String> actual = trie.match(topic);
            assertThat(actual).as("matches for '%s'", topic).doesNotHaveDuplicates();
            assertThat(new HashSet<>(actual)).as("matches for '%s'", topic).isEqualTo(expected);
        }
    }

    @Test
    void matchingWhileOthersAddAndRemoveSeesOnlyCompleteRegistrations() throws Exception {
        add("stable.*", "stable");
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (running.get()) {
                TopicPattern pattern = TopicPattern.of("stable.x" + (i % 50));
                trie.add(pattern, "churn" + i);
                trie.remove(pattern, "churn" + i);
                i++;
            }
        });
        try {
            for (int i = 0; i < 100_000; i++) {
                assertThat(trie.match("stable.y")).containsExactly("stable");
            }
        }
        finally {
            running.set(false);
            writer.get();
        }
        assertThat(trie.size()).isEqualTo(1);
    }

    private void add(String pattern, String value) {
        trie.add(TopicPattern.of(pattern), value);
    }

    private static String randomPattern(Random random, String[] words) {
        int length = 1 + random.nextInt(4);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(words.length + 2);
            segments.add(pick < words.length ? words[pick] : (pick == words.length ? "*" : "#"));
        }
        return String.join(".", segments);
    }

    private static String randomTopic(Random random, String[] words) {
        int length = 1 + random.nextInt(5);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            segments.add(words[random.nextInt(words.length)]);
        }
        return String.join(".", segments);
    }
}
