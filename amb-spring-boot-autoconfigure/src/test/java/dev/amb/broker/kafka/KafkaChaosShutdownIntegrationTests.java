package dev.amb.broker.kafka;

import org.junit.jupiter.api.Test;

import dev.amb.kit.ChaosShutdownScenario;

/**
 * {@link ChaosShutdownScenario} on Kafka (the shared embedded KRaft broker): a worker shuts down
 * in the middle of a chaotic run; what it did not finish stays uncommitted and is handled by the
 * next member of its consumer group.
 */
class KafkaChaosShutdownIntegrationTests {

    @Test
    void shutdownInTheMiddleOfTheRunReturnsWhatWasNotFinished() throws Exception {
        try (ChaosShutdownScenario scenario = new ChaosShutdownScenario(
                new KafkaBroker(KafkaTestSupport.settings(KafkaTestSupport.sharedServers()).build()),
                "kafkachaos" + Long.toString(System.nanoTime(), 36))) {
            scenario.run();
        }
    }
}
