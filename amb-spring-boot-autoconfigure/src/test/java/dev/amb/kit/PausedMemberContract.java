package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitPayloads.Numbered;
import dev.amb.kit.KitSupport.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paused group member (its listener circuit breaker is open) takes no share of the group's
 * work: the other member handles every message and nothing is lost.
 */
public interface PausedMemberContract extends KitContract {

    @Test
    default void pausedGroupMemberTakesNoShareOfTheWork() {
        String topic = kit().topic("paused.work");
        String breaker = "kit-paused-" + kit().namespace();
        Recorder<Numbered> paused = new Recorder<>();
        kit().bus("paused-member")
            .subscribe(SubscriptionOptions.pattern(topic).group("workers").circuitBreaker(breaker), Numbered.class,
                    paused);
        kit().forceBreakerOpen(breaker);
        Recorder<Numbered> working = new Recorder<>();
        kit().bus("working-member")
            .subscribe(SubscriptionOptions.pattern(topic).group("workers"), Numbered.class, working);

        DefaultMessageBus producer = kit().bus("paused-producer");
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sends.add(producer.publish(topic, new Numbered("paused-producer", i)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        kit().await().alias("the working member handles all 50").until(() -> working.distinct() >= 50);
        kit().await().during(Duration.ofMillis(300)).until(() -> working.count() == 50);
        assertThat(working.hasDuplicates()).isFalse();
        assertThat(paused.count()).as("messages handled by the paused member").isZero();
    }
}
