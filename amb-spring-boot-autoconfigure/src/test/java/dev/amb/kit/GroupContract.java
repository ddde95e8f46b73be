package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.Subscription;
import dev.amb.kit.KitPayloads.Numbered;
import dev.amb.kit.KitSupport.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer groups: the members of a group share the messages (each exactly once, none lost),
 * different groups each get everything, and broadcast subscribers are unaffected.
 */
public interface GroupContract extends KitContract {

    @Test
    default void membersOfAGroupShareMessagesWithoutDuplicatesOrLosses() {
        String topic = kit().topic("work");
        List<Recorder<Numbered>> members = subscribeGroup(topic, "workers", 3);

        publishNumbered(topic, 300);

        kit().await().until(() -> total(members) >= 300);
        kit().await().during(Duration.ofMillis(300)).until(() -> total(members) == 300);
        assertThat(distinctAcross(members)).isEqualTo(300);
        assertThat(members.stream().filter(m -> m.count() > 0).count())
            .as("members that received work").isGreaterThan(1);
    }

    @Test
    default void everyGroupReceivesEveryMessage() {
        String topic = kit().topic("audit");
        List<Recorder<Numbered>> billing = subscribeGroup(topic, "billing", 2);
        List<Recorder<Numbered>> analytics = subscribeGroup(topic, "analytics", 2);
        Recorder<Numbered> broadcast = new Recorder<>();
        kit().bus("observer").subscribe(topic, Numbered.class, broadcast);

        publishNumbered(topic, 100);

        kit().await().until(() -> total(billing) >= 100 && total(analytics) >= 100 && broadcast.count() >= 100);
        kit().await().during(Duration.ofMillis(300))
            .until(() -> total(billing) == 100 && total(analytics) == 100 && broadcast.count() == 100);
        assertThat(distinctAcross(billing)).isEqualTo(100);
        assertThat(distinctAcross(analytics)).isEqualTo(100);
        assertThat(broadcast.distinct()).isEqualTo(100);
    }

    @Test
    default void groupKeepsWorkingWhenAMemberLeaves() {
        String topic = kit().topic("jobs");
        Recorder<Numbered> stays = new Recorder<>();
        Recorder<Numbered> leaves = new Recorder<>();
        kit().bus("stays").subscribe(SubscriptionOptions.pattern(topic).group("workers"), Numbered.class, stays);
        Subscription leaving = kit().bus("leaves")
            .subscribe(SubscriptionOptions.pattern(topic).group("workers"), Numbered.class, leaves);
        publishNumbered(topic, 20);
        kit().await().until(() -> stays.count() + leaves.count() >= 20);

        leaving.close();
        int leftWith = leaves.count();
        publishNumbered(topic, 20);

        kit().await().until(() -> stays.count() + leftWith >= 40);
        assertThat(leaves.count()).isEqualTo(leftWith);
        assertThat(stays.hasDuplicates()).isFalse();
    }

    private List<Recorder<Numbered>> subscribeGroup(String topic, String group, int members) {
        List<Recorder<Numbered>> recorders = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Recorder<Numbered> recorder = new Recorder<>();
            kit().bus(group + "-member-" + i)
                .subscribe(SubscriptionOptions.pattern(topic).group(group), Numbered.class, recorder);
            recorders.add(recorder);
        }
        return recorders;
    }

    private void publishNumbered(String topic, int count) {
        var bus = kit().bus("producer-" + KitSupport.namespace());
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(bus.publish(topic, new Numbered("producer", i)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    private static int total(List<Recorder<Numbered>> members) {
        return members.stream().mapToInt(Recorder::count).sum();
    }

    private static int distinctAcross(List<Recorder<Numbered>> members) {
        Set<String> ids = new HashSet<>();
        members.forEach(m -> m.messages().stream().map(Message::id).forEach(ids::add));
        return ids.size();
    }
}
