package dev.amb.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicsTests {

    @ParameterizedTest
    @ValueSource(strings = { "a", "agents.tasks", "agents.worker-1.status", "A_b-C.0.9", "x.y.z.w.v" })
    void acceptsDotSeparatedWordSegments(String topic) {
        assertThat(Topics.validateTopic(topic)).isEqualTo(topic);
        assertThat(Topics.isValidTopic(topic)).isTrue();
    }

    @Test
    void rejectsAnEmptySegmentNamingItsPosition() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents..tasks"))
            .withMessageContaining("'agents..tasks'")
            .withMessageContaining("segment 2 is empty")
            .withMessageContaining("[A-Za-z0-9_-]+");
    }

    @Test
    void rejectsLeadingAndTrailingDots() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic(".agents"))
            .withMessageContaining("segment 1 is empty");
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents."))
            .withMessageContaining("segment 2 is empty");
    }

    @Test
    void rejectsForbiddenCharactersNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents.ta/sks"))
            .withMessageContaining("segment 2 'ta/sks' contains '/'");
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents.my tasks"))
            .withMessageContaining("whitespace");
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents.t\u0001"))
            .withMessageContaining("control character U+0001");
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents.grüße"))
            .withMessageContaining("'ü'");
    }

    @Test
    void rejectsNullEmptyAndTooLongTopics() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic(null)).withMessageContaining("null");
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("")).withMessageContaining("empty");
        String longest = "a".repeat(255);
        assertThat(Topics.isValidTopic(longest)).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic(longest + "a"))
            .withMessageContaining("256 characters long")
            .withMessageContaining("at most 255 characters");
    }

    @Test
    void rejectsWildcardsInTopicsPublishedTo() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents.*.status"))
            .withMessageContaining("'*' is a wildcard, only allowed in subscription patterns");
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validateTopic("agents.#"))
            .withMessageContaining("'#' is a wildcard");
    }

    @ParameterizedTest
    @ValueSource(strings = { "*", "#", "agents.*", "agents.#", "#.error", "logs.#.error", "*.*.status", "a.#.#.b" })
    void acceptsWildcardSegmentsInPatterns(String pattern) {
        assertThat(Topics.validatePattern(pattern)).isEqualTo(pattern);
    }

    @Test
    void rejectsWildcardsMixedIntoASegment() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validatePattern("agents.work*"))
            .withMessageContaining("Invalid topic pattern 'agents.work*'")
            .withMessageContaining("a wildcard must be a whole segment");
        assertThatIllegalArgumentException().isThrownBy(() -> Topics.validatePattern("agents.#s"))
            .withMessageContaining("mixes '#'");
    }

    @Test
    void splitsTopicsIntoSegments() {
        assertThat(Topics.segments("a.bb.ccc")).containsExactly("a", "bb", "ccc");
        assertThat(Topics.segments("single")).containsExactly("single");
    }
}
