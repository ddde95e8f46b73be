package dev.amb.samples.demo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.amb.broker.sqs.ElasticMq;

/**
 * The supervisor and two workers as separate Spring application contexts that share nothing but
 * an SQS server (ElasticMQ, started in the test JVM): each builds its own {@code SqsAsyncClient}
 * from {@code amb.sqs.*}, as separate processes do, and finds the others' subscriptions through
 * the queue-tag registry.
 */
class SqsEndToEndIntegrationTests extends EndToEndRound {

    private static ElasticMq server;

    @BeforeAll
    static void startServer() {
        server = ElasticMq.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    AgentSystem createSystem(String... commonProperties) {
        return AgentSystem.onBroker(BrokerAdapters.with(commonProperties, "amb.broker=sqs",
                "amb.sqs.endpoint=" + server.endpoint(), "amb.sqs.region=us-east-1", "amb.sqs.access-key-id=x",
                "amb.sqs.secret-access-key=x", "amb.sqs.wait-time=1s", "amb.sqs.registry-refresh=300ms",
                "amb.sqs.queue-prefix=e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 8)));
    }

    @Override
    List<WorkerSpec> workers() {
        return List.of(new WorkerSpec("worker-1", "primary", 50), new WorkerSpec("worker-2", "backup", 20));
    }

    @Test
    void aRoundAcrossAgentsSharingOnlyAnSqsServerShowsEveryPattern() throws Exception {
        runOneRoundAndCheckEveryPattern();
    }
}
