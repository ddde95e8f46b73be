package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.LagScenario;
import dev.amb.spi.BrokerSubscription;

/**
 * A grouped Kafka subscription reports its consumer group's lag (end offsets minus committed
 * offsets, from the admin client) and the records it fetched that wait for a handler thread, on
 * the embedded broker.
 */
class KafkaLagIntegrationTests {

    @Test
    void lagCountsRecordsNotYetCommittedAndFallsToZeroOnceHandled() throws Exception {
        try (KafkaBroker broker = new KafkaBroker(KafkaTestSupport.settings(KafkaTestSupport.sharedServers()).build())) {
            LagScenario.lagFollowsTheBacklog(broker, KitSupport.namespace() + ".lag", 5, 5);
        }
    }

    @Test
    void queuedCountsFetchedRecordsWaitingForTheHandlerAndFallsToZeroOnceHandled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (KafkaBroker broker = new KafkaBroker(KafkaTestSupport.settings(KafkaTestSupport.sharedServers())
            .partitions(1).build())) {
            String topic = KitSupport.namespace() + ".queued";
            BrokerSubscription subscription = LagScenario.subscribeHeld(broker, topic, release);
            LagScenario.publish(broker, topic, 5);

            // one record runs in the held handler, the other four wait for it
            KitSupport.waitAtMost(Duration.ofSeconds(60)).until(() -> subscription.queued().equals(OptionalLong.of(4)));
            release.countDown();
            KitSupport.waitAtMost(Duration.ofSeconds(60)).until(() -> subscription.queued().equals(OptionalLong.of(0)));
        }
        finally {
            release.countDown();
        }
    }
}
