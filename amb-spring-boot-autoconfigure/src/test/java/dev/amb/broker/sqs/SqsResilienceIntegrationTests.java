package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ElasticMQ restarted mid-stream. ElasticMQ keeps queues in memory, so the restart loses every
 * queue and the messages in them (a real SQS never does); the subscriptions create their queues
 * again, publishes fail while a subscription's queue is missing (never silently dropped), and
 * messages published once the queues are back reach group and broadcast subscriptions alike.
 */
class SqsResilienceIntegrationTests {

    private SqsFixture sqs;

    private SqsBroker broker;

    private DefaultMessageBus bus;

    @AfterEach
    void close() {
        if (sqs != null) {
            sqs.close();
        }
    }

    @Test
    void connectionProblemNamesAFailedRegistryRefreshUntilSqsAnswersAgain() {
        sqs = SqsFixture.start();
        broker = sqs.broker(ElasticMq.testSettings());
        await().during(Duration.ofSeconds(2)).until(() -> broker.connectionProblem() == null);

        sqs.server().stop();

        await().until(() -> broker.connectionProblem() != null);
        assertThat(broker.connectionProblem()).startsWith("the last SQS registry refresh (listing the queues) failed");

        sqs.server().restart();

        await().until(() -> broker.connectionProblem() == null);
        broker.close();
        assertThat(broker.connectionProblem()).isEqualTo("the SQS broker is closed");
    }

    @Test
    void subscriptionsRecreateTheirQueuesAfterTheServerLostThem() throws Exception {
        sqs = SqsFixture.start();
        broker = sqs.broker(ElasticMq.testSettings());
        bus = sqs.bus("resilient");
        Recorder<String> grouped = new Recorder<>();
        Recorder<String> broadcast = new Recorder<>();
        bus.subscribe(SubscriptionOptions.pattern("orders.*").group("billing"), String.class, grouped);
        bus.subscribe("orders.#", String.class, broadcast);
        for (int i = 0; i < 10; i++) {
            bus.publish("orders.created", "before-" + i).get(30, TimeUnit.SECONDS);
        }
        await().until(() -> grouped.count() == 10 && broadcast.count() == 10);

        sqs.server().restart();

        // publishes fail until both queues exist again, then succeed
        await().until(() -> {
            try {
                bus.publish("orders.created", "probe").get(10, TimeUnit.SECONDS);
                return true;
            }
            catch (Exception ex) {
                return false;
            }
        });
        await().until(() -> grouped.payloads().contains("probe") && broadcast.payloads().contains("probe"));
        int groupedBefore = grouped.count();
        int broadcastBefore = broadcast.count();
        CompletableFuture<?>[] sends = new CompletableFuture<?>[20];
        for (int i = 0; i < 20; i++) {
            sends[i] = bus.publish("orders.paid", "after-" + i);
        }
        CompletableFuture.allOf(sends).get(30, TimeUnit.SECONDS);

        await().until(() -> grouped.count() >= groupedBefore + 20 && broadcast.count() >= broadcastBefore + 20);
        for (int i = 0; i < 20; i++) {
            assertThat(grouped.payloads()).contains("after-" + i);
            assertThat(broadcast.payloads()).contains("after-" + i);
        }
    }

    private static org.awaitility.core.ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
    }
}
