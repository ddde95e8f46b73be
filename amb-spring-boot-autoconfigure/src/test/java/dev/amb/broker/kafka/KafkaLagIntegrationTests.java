package dev.amb.broker.kafka;

import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.LagScenario;

/**
 * A grouped Kafka subscription reports its consumer group's lag (end offsets minus committed
 * offsets, from the admin client) on the embedded broker.
 */
class KafkaLagIntegrationTests {

    @Test
    void lagCountsRecordsNotYetCommittedAndFallsToZeroOnceHandled() throws Exception {
        try (KafkaBroker broker = new KafkaBroker(KafkaTestSupport.settings(KafkaTestSupport.sharedServers()).build())) {
            LagScenario.lagFollowsTheBacklog(broker, KitSupport.namespace() + ".lag", 5, 5);
        }
    }
}
