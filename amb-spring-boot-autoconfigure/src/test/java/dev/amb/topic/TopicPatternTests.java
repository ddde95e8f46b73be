package dev.amb.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicPatternTests {

    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @CsvSource({
        "agents.tasks,      agents.tasks,        true",
        "agents.tasks,      agents.tasks.x,      false",
        "agents.*,          agents.tasks,        true",
        "agents.*,          agents,              false",
        "agents.*,          agents.a.b,          false",
        "*.status,          worker.status,       true",
        "*.status,          status,              false",
        "agents.#,          agents,              true",
        "agents.#,          agents.a,            true",
        "agents.#,          agents.a.b.c,        true",
        "agents.#,          agentsx,             false",
        "#,                 anything.at.all,     true",
        "#,                 x,                   true",
        "#.error,           error,               true",
        "#.error,           a.b.error,           true",
        "#.error,           error.a,             false",
        "logs.#.error,      logs.error,          true",
        "logs.#.error,      logs.a.b.error,      true",
        "logs.#.error,      logs.a.b,            false",
        "logs.#.error,      logs.error.x,        false",
        "a.*.#,             a.b,                 true",
        "a.*.#,             a,                   false",
        "a.#.*,             a,                   false",
        "a.#.*,             a.b,                 true",
        "a.#.#.b,           a.b,                 true",
        "a.#.b.#.c,         a.x.b.y.z.c,         true",
        "a.#.b.#.c,         a.x.c,               false",
        "*.*,               a.b,                 true",
        "*.*,               a,                   false",
    })
    void matchesWithRabbitMqTopicExchangeSemantics(String pattern, String topic, boolean expected) {
        assertThat(TopicPattern.of(pattern).matches(topic)).isEqualTo(expected);
    }

    @Test
    void knowsWhetherItIsLiteral() {
        assertThat(TopicPattern.of("agents.tasks").isLiteral()).isTrue();
        assertThat(TopicPattern.of("agents.*").isLiteral()).isFalse();
        assertThat(TopicPattern.of("#").isLiteral()).isFalse();
    }

    @Test
    void rejectsInvalidPatternsAtParseTime() {
        assertThatIllegalArgumentException().isThrownBy(() -> TopicPattern.of("agents..*"))
            .withMessageContaining("agents..*");
    }

    @Test
    void equalityFollowsThePatternText() {
        assertThat(TopicPattern.of("a.*")).isEqualTo(TopicPattern.of("a.*")).hasSameHashCodeAs(TopicPattern.of("a.*"));
        assertThat(TopicPattern.of("a.*")).isNotEqualTo(TopicPattern.of("a.#"));
        assertThat(TopicPattern.of("a.*")).hasToString("a.*");
    }

    @Test
    void manyHashWildcardsStayFast() {
        TopicPattern pattern = TopicPattern.of("#.a.#.a.#.a.#.a.#.a.#.a.#.b");
        String topic = "a." .repeat(120) + "a";
        assertThat(pattern.matches(topic)).isFalse();
        assertThat(pattern.matches("a." .repeat(20) + "b")).isTrue();
    }
}
