package dev.amb.broker.sqs;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.kit.ChaosShutdownScenario;

/**
 * {@link ChaosShutdownScenario} on ElasticMQ: a group worker shuts down in the middle of a chaotic
 * run; what it held goes back to the group's queue and the second worker finishes the run.
 */
class SqsChaosShutdownIntegrationTests {

    @Test
    void everyMessageIsHandledOrDeadLetteredOnceAcrossAShutdown() throws Exception {
        try (ElasticMq server = ElasticMq.start(); SqsAsyncClient client = server.asyncClient();
                ChaosShutdownScenario scenario = new ChaosShutdownScenario(
                        new SqsBroker(client, false, ElasticMq.testSettings()), "sqschaos")) {
            scenario.run();
        }
    }
}
