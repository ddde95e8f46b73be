package dev.amb.broker.sqs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.kit.LagScenario;

/**
 * An SQS subscription reports its queue's approximate messages (waiting and in flight) as its lag,
 * on ElasticMQ.
 */
class SqsLagIntegrationTests {

    private static ElasticMq server;

    private static SqsAsyncClient client;

    @BeforeAll
    static void startServer() {
        server = ElasticMq.start();
        client = server.asyncClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @Test
    void lagCountsMessagesNotYetDeletedAndFallsToZeroOnceHandled() throws Exception {
        try (SqsBroker broker = new SqsBroker(client, false, ElasticMq.testSettings())) {
            LagScenario.lagFollowsTheBacklog(broker, "lag.jobs", 4, 4);
        }
    }
}
