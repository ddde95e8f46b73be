package dev.amb.samples.demo;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.amb.broker.kafka.KafkaTestSupport;

/**
 * The supervisor and two workers as separate Spring application contexts that share nothing but
 * an embedded KRaft Kafka broker (spring-kafka-test, started in this JVM): each opens its own
 * clients from {@code amb.broker=kafka}, as separate processes do.
 */
class KafkaEndToEndIntegrationTests extends EndToEndRound {

    @Override
    AgentSystem createSystem(String... commonProperties) {
        return AgentSystem.onBroker(BrokerAdapters.with(commonProperties, "amb.broker=kafka",
                "amb.kafka.brokers=" + KafkaTestSupport.sharedServers(), "amb.kafka.topic-discovery-interval=300ms",
                "amb.kafka.session-timeout=6s", "amb.kafka.heartbeat-interval=500ms"));
    }

    @Override
    List<WorkerSpec> workers() {
        return List.of(new WorkerSpec("worker-1", "primary", 50), new WorkerSpec("worker-2", "backup", 20));
    }

    @Test
    void aRoundAcrossAgentsSharingOnlyAKafkaBrokerShowsEveryPattern() throws Exception {
        runOneRoundAndCheckEveryPattern();
    }
}
