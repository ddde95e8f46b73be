package dev.amb.kit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wildcards with RabbitMQ topic-exchange semantics on every broker: {@code *} is exactly one
 * segment, {@code #} zero or more segments at the start, middle or end; no false matches and no
 * duplicates where a topic matches a pattern in several ways.
 */
public interface WildcardContract extends KitContract {

    @Test
    default void wildcardPatternsMatchExactlyTheRightTopics() {
        String n = kit().namespace();
        String tail = n + "-tail";
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put(n + ".*", Set.of(n + ".a", n + ".error"));
        expected.put(n + ".#", Set.of(n, n + ".a", n + ".error", n + ".a.error", n + ".a.b.error", n + ".error.a",
                n + ".a.b", n + ".a.b.c"));
        expected.put(n + ".#.error", Set.of(n + ".error", n + ".a.error", n + ".a.b.error"));
        expected.put(n + ".*.error", Set.of(n + ".a.error"));
        expected.put(n + ".a.*.#", Set.of(n + ".a.b", n + ".a.b.c", n + ".a.b.error", n + ".a.error"));
        expected.put(n + ".a.b", Set.of(n + ".a.b"));
        expected.put("#." + tail, Set.of(tail, "x." + tail, "x.y." + tail));
        expected.put("*." + tail, Set.of("x." + tail));
        List<String> topics = List.of(n, n + ".a", n + ".error", n + ".a.error", n + ".a.b.error", n + ".error.a",
                n + ".a.b", n + ".a.b.c", n + "x.error", tail, "x." + tail, "x.y." + tail, tail + ".x");

        DefaultMessageBus bus = kit().bus("wildcard-agent");
        Map<String, Recorder<String>> recorders = new LinkedHashMap<>();
        expected.keySet().forEach(pattern -> {
            Recorder<String> recorder = new Recorder<>();
            bus.subscribe(pattern, String.class, recorder);
            recorders.put(pattern, recorder);
        });
        topics.forEach(topic -> bus.publish(topic, topic).join());

        kit().await().until(() -> expected.entrySet().stream()
            .allMatch(e -> recorders.get(e.getKey()).count() >= e.getValue().size()));
        kit().await().during(Duration.ofMillis(300)).until(() -> expected.entrySet().stream()
            .allMatch(e -> recorders.get(e.getKey()).count() == e.getValue().size()));
        expected.forEach((pattern, topicsExpected) -> assertThat(recorders.get(pattern).topics())
            .as("topics received by pattern '%s'", pattern)
            .containsExactlyInAnyOrderElementsOf(topicsExpected));
    }

    @Test
    default void topicMatchingAPatternInSeveralWaysIsDeliveredOnce() {
        String n = kit().namespace();
        DefaultMessageBus bus = kit().bus("overlap-agent");
        Recorder<String> received = new Recorder<>();
        bus.subscribe(n + ".#.a.#", String.class, received);

        bus.publish(n + ".a.a.a", "three ways").join();
        bus.publish(n + ".a", "one way").join();

        kit().await().until(() -> received.count() >= 2);
        kit().await().during(Duration.ofMillis(200)).until(() -> received.count() == 2);
        assertThat(received.payloads()).containsExactlyInAnyOrder("three ways", "one way");
    }

    @Test
    default void hashAloneAfterNamespaceMatchesTheBareNamespace() {
        String n = kit().namespace();
        DefaultMessageBus bus = kit().bus("zero-segment-agent");
        Recorder<String> received = new Recorder<>();
        bus.subscribe(n + ".#", String.class, received);

        bus.publish(n, "bare").join();

        kit().await().until(() -> received.count() == 1);
        assertThat(received.topics()).containsExactly(n);
    }
}
