package dev.amb.broker.nats;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.amb.topic.TopicPattern;

import static org.assertj.core.api.Assertions.assertThat;

class NatsSubjectsTests {

    @Test
    void literalTopicIsItsOwnSubject() {
        assertThat(translate("agents.tasks", "")).isEqualTo(exact("agents.tasks"));
    }

    @Test
    void starIsNatsStar() {
        assertThat(translate("agents.*.status", "")).isEqualTo(exact("agents.*.status"));
    }

    @Test
    void trailingHashIsGreaterThanPlusTheBarePrefix() {
        assertThat(translate("agents.#", "")).isEqualTo(exact("agents.>", "agents"));
        assertThat(translate("a.*.#", "")).isEqualTo(exact("a.*.>", "a.*"));
    }

    @Test
    void hashAloneIsGreaterThan() {
        assertThat(translate("#", "")).isEqualTo(exact(">"));
        assertThat(translate("#", "amb")).isEqualTo(exact("amb.>"));
    }

    @Test
    void hashElsewhereSubscribesBroaderAndLetsTheBusFilter() {
        assertThat(translate("logs.#.error", "")).isEqualTo(broad("logs.>"));
        assertThat(translate("#.audit", "")).isEqualTo(broad(">"));
        assertThat(translate("a.#.#", "")).isEqualTo(broad("a.>", "a"));
        assertThat(translate("a.#.b.#", "")).isEqualTo(broad("a.>"));
    }

    @Test
    void jetStreamPrefixesEverySubject() {
        assertThat(translate("agents.#", "amb")).isEqualTo(exact("amb.agents.>", "amb.agents"));
        assertThat(translate("#.audit", "amb")).isEqualTo(broad("amb.>"));
        assertThat(NatsSubjects.subject("amb", "agents.tasks")).isEqualTo("amb.agents.tasks");
    }

    @Test
    void topicIsTheSubjectWithoutThePrefix() {
        assertThat(NatsSubjects.topic("amb", "amb.agents.tasks")).isEqualTo("agents.tasks");
        assertThat(NatsSubjects.topic("", "agents.tasks")).isEqualTo("agents.tasks");
        assertThat(NatsSubjects.topic("amb", "ambx.tasks")).isNull();
        assertThat(NatsSubjects.topic("amb", "amb")).isNull();
    }

    @Test
    void coversUnderstandsNatsWildcards() {
        assertThat(NatsSubjects.covers(">", "amb.>")).isTrue();
        assertThat(NatsSubjects.covers("amb.>", "amb.>")).isTrue();
        assertThat(NatsSubjects.covers("amb.>", "amb.a.b")).isTrue();
        assertThat(NatsSubjects.covers("*.>", "amb.>")).isTrue();
        assertThat(NatsSubjects.covers("amb.*", "amb.>")).isFalse();
        assertThat(NatsSubjects.covers("amb.>", "amb")).isFalse();
        assertThat(NatsSubjects.covers("other.>", "amb.>")).isFalse();
        assertThat(NatsSubjects.covers("amb.*", "amb.x")).isTrue();
    }

    private static NatsSubjects.Translation translate(String pattern, String prefix) {
        return NatsSubjects.translate(TopicPattern.of(pattern), prefix);
    }

    private static NatsSubjects.Translation exact(String... subjects) {
        return new NatsSubjects.Translation(List.of(subjects), true);
    }

    private static NatsSubjects.Translation broad(String... subjects) {
        return new NatsSubjects.Translation(List.of(subjects), false);
    }
}
