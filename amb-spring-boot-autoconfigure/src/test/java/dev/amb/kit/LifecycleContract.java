package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.Subscription;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Subscription and bus lifecycle: closing stops delivery and is idempotent, subscribing and closing
 * while others publish is safe, a failing handler keeps its subscription, and a closed bus refuses
 * work clearly.
 */
public interface LifecycleContract extends KitContract {

    @Test
    default void closingASubscriptionStopsDelivery() {
        DefaultMessageBus bus = kit().bus("closing-agent");
        String topic = kit().topic("stop");
        Recorder<String> closed = new Recorder<>();
        Recorder<String> witness = new Recorder<>();
        Subscription subscription = bus.subscribe(topic, String.class, closed);
        bus.subscribe(topic, String.class, witness);
        bus.publish(topic, "before").join();
        kit().await().until(() -> closed.count() == 1 && witness.count() == 1);

        subscription.close();
        for (int i = 0; i < 10; i++) {
            bus.publish(topic, "after-" + i).join();
        }

        kit().await().until(() -> witness.count() == 11);
        assertThat(subscription.isActive()).isFalse();
        assertThat(closed.payloads()).containsExactly("before");
    }

    @Test
    default void closeIsIdempotent() {
        DefaultMessageBus bus = kit().bus("idempotent-agent");
        Subscription subscription = bus.subscribe(kit().topic("twice"), String.class, message -> {
        });

        subscription.close();
        subscription.close();
        bus.close();
        bus.close();

        assertThat(subscription.isActive()).isFalse();
        assertThat(bus.isClosed()).isTrue();
    }

    @Test
    default void subscribingAndClosingWhilePublishingIsSafe() throws Exception {
        DefaultMessageBus bus = kit().bus("churn-agent");
        String topic = kit().topic("churn");
        Recorder<Integer> steady = new Recorder<>();
        bus.subscribe(topic, Integer.class, steady);
        AtomicBoolean closedFlag = new AtomicBoolean();
        AtomicInteger afterClose = new AtomicInteger();
        int messages = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    sends.add(bus.publish(topic, i));
                }
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            }, pool);
            List<CompletableFuture<Void>> churners = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                churners.add(CompletableFuture.runAsync(() -> {
                    while (!publishing.isDone()) {
                        AtomicBoolean mine = new AtomicBoolean();
                        Subscription transient_ = bus.subscribe(topic, Integer.class, message -> {
                            if (mine.get()) {
                                afterClose.incrementAndGet();
                            }
                        });
                        transient_.close();
                        mine.set(true);
                    }
                }, pool));
            }
            publishing.get(kit().timeout().toSeconds(), TimeUnit.SECONDS);
            CompletableFuture.allOf(churners.toArray(CompletableFuture[]::new))
                .get(kit().timeout().toSeconds(), TimeUnit.SECONDS);
            closedFlag.set(true);
        }
        finally {
            pool.shutdownNow();
        }

        kit().await().until(() -> steady.count() >= messages);
        assertThat(steady.distinct()).isEqualTo(messages);
        assertThat(afterClose.get()).as("deliveries after close() returned").isZero();
        assertThat(closedFlag).isTrue();
    }

    @Test
    default void failingHandlerKeepsItsSubscription() {
        DefaultMessageBus bus = kit().bus("failing-agent");
        String topic = kit().topic("fragile");
        Recorder<String> handled = new Recorder<>();
        AtomicInteger failures = new AtomicInteger();
        bus.subscribe(topic, String.class, message -> {
            if (message.data().startsWith("poison")) {
                failures.incrementAndGet();
                throw new IllegalStateException("cannot handle " + message.data());
            }
            handled.handle(message);
        });

        bus.publish(topic, "poison-1").join();
        for (int i = 0; i < 5; i++) {
            bus.publish(topic, "ok-" + i).join();
        }

        kit().await().until(() -> handled.count() == 5);
        assertThat(failures.get()).isGreaterThanOrEqualTo(1);
        assertThat(handled.payloads()).containsExactlyInAnyOrder("ok-0", "ok-1", "ok-2", "ok-3", "ok-4");
    }

    @Test
    default void closedBusRefusesWorkWithClearErrors() {
        DefaultMessageBus bus = kit().bus("closed-agent");
        bus.close();

        assertThatThrownBy(() -> bus.publish(kit().topic("late"), "x").join())
            .isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(AmbException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> bus.subscribe(kit().topic("late"), String.class, m -> {
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(bus.subscriptions()).isEmpty();
    }

    @Test
    default void closingTheBusWaitsForRunningHandlers() {
        DefaultMessageBus bus = kit().bus("graceful-agent");
        String topic = kit().topic("inflight");
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CompletableFuture<Void> release = new CompletableFuture<>();
        bus.subscribe(topic, String.class, message -> {
            started.incrementAndGet();
            release.get(10, TimeUnit.SECONDS);
            finished.incrementAndGet();
        });
        for (int i = 0; i < 5; i++) {
            bus.publish(topic, "job-" + i).join();
        }
        kit().await().until(() -> started.get() == 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(bus::close);
        kit().await().during(Duration.ofMillis(100)).until(() -> !closing.isDone());
        release.complete(null);
        closing.join();

        assertThat(finished.get()).isEqualTo(started.get());
        kit().await().during(Duration.ofMillis(200)).until(() -> started.get() == 1);
    }
}
