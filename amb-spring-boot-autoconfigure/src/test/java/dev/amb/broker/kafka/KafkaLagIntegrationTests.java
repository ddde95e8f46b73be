package dev.amb.broker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.LagScenario;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

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
            BrokerSubscription subscription = broker.subscribe(SubscriptionSpec.of("queued", topic, "workers", 1),
                    delivery -> {
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        }
                        catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                        delivery.ack();
                    });
            for (int i = 0; i < 5; i++) {
                broker.publish(Envelope.builder().id(UUID.randomUUID().toString()).topic(topic)
                    .data(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).build()).get(30, TimeUnit.SECONDS);
            }

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
