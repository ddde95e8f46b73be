package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group rule ({@code dev.amb.spi.GroupKey}): a group is a work queue per (group, patterns),
 * and one subscription on several patterns handles a message once. Every member here runs on a
 * bus of its own, as two instances of one application would.
 */
public interface GroupSemanticsContract extends KitContract {

    @Test
    default void sameGroupNameOnDifferentPatternsIsADifferentWorkQueue() {
        List<String> patterns = List.of(kit().topic("logs.#.error"), kit().topic("logs.#.warn"),
                kit().topic("orders.*"), kit().topic("orders.created"));
        Map<String, List<Recorder<String>>> members = new HashMap<>();
        for (String pattern : patterns) {
            List<Recorder<String>> recorders = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                Recorder<String> recorder = new Recorder<>();
                kit().bus("app-" + instance + "-" + recorders.size() + "-" + members.size())
                    .subscribe(SubscriptionOptions.pattern(pattern).group("app"), String.class, recorder);
                recorders.add(recorder);
            }
            members.put(pattern, recorders);
        }
        List<String> topics = List.of(kit().topic("logs.error"), kit().topic("logs.db.error"),
                kit().topic("logs.db.pool.warn"), kit().topic("logs.warn"), kit().topic("orders.created"),
                kit().topic("orders.cancelled"), kit().topic("logs.db.info"));
        int rounds = 20;
        publishRounds(topics, rounds);

        for (String pattern : patterns) {
            var parsed = dev.amb.topic.TopicPattern.of(pattern);
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (String topic : topics) {
                    if (parsed.matches(topic)) {
                        expected.add(topic + "#" + round);
                    }
                }
            }
            List<Recorder<String>> group = members.get(pattern);
            kit().await().alias("work queue 'app' on " + pattern)
                .until(() -> total(group) >= expected.size());
            kit().await().during(Duration.ofMillis(300)).until(() -> total(group) == expected.size());
            assertThat(payloads(group)).as("what group 'app' on %s received", pattern)
                .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    default void overlappingPatternsOfABroadcastSubscriptionDeliverOnce() {
        Recorder<String> listener = new Recorder<>();
        kit().bus("overlap").subscribe(SubscriptionOptions.patterns(List.of(kit().topic("orders.*"),
                kit().topic("orders.created"), kit().topic("#"))), String.class, listener);
        List<String> topics = List.of(kit().topic("orders.created"), kit().topic("orders.paid"),
                kit().topic("invoices.sent"));
        publishRounds(topics, 10);

        kit().await().until(() -> listener.count() >= 30);
        kit().await().during(Duration.ofMillis(300)).until(() -> listener.count() == 30);
        assertThat(listener.hasDuplicates()).isFalse();
        assertThat(listener.payloads()).filteredOn(p -> p.startsWith(kit().topic("orders.created")))
            .hasSize(10);
    }

    @Test
    default void overlappingPatternsOfAGroupedSubscriptionDeliverOnceAcrossInstances() {
        List<String> patterns = List.of(kit().topic("orders.*"), kit().topic("orders.created"));
        List<Recorder<String>> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Recorder<String> recorder = new Recorder<>();
            kit().bus("instance-" + i)
                .subscribe(SubscriptionOptions.patterns(patterns).group("billing"), String.class, recorder);
            instances.add(recorder);
        }
        Recorder<String> otherQueue = new Recorder<>();
        kit().bus("other-queue").subscribe(SubscriptionOptions.pattern(kit().topic("orders.created")).group("billing"),
                String.class, otherQueue);
        publishRounds(List.of(kit().topic("orders.created"), kit().topic("orders.paid")), 20);

        kit().await().until(() -> total(instances) >= 40 && otherQueue.count() >= 20);
        kit().await().during(Duration.ofMillis(300)).until(() -> total(instances) == 40 && otherQueue.count() == 20);
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            expected.add(kit().topic("orders.created") + "#" + round);
            expected.add(kit().topic("orders.paid") + "#" + round);
        }
        assertThat(payloads(instances)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(otherQueue.payloads()).as("group 'billing' on orders.created alone is its own work queue")
            .hasSize(20).doesNotHaveDuplicates();
    }

    private void publishRounds(List<String> topics, int rounds) {
        DefaultMessageBus producer = kit().bus("producer-" + KitSupport.namespace());
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String topic : topics) {
                sends.add(producer.publish(topic, topic + "#" + round));
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    private static int total(List<Recorder<String>> members) {
        return members.stream().mapToInt(Recorder::count).sum();
    }

    private static List<String> payloads(List<Recorder<String>> members) {
        return members.stream().flatMap(m -> m.messages().stream()).map(Message::data).toList();
    }
}
