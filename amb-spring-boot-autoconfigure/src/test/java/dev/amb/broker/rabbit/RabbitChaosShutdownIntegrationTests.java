package dev.amb.broker.rabbit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.amb.kit.ChaosShutdownScenario;
import dev.amb.kit.RequiresRabbit;

/**
 * {@link ChaosShutdownScenario} on RabbitMQ: a worker shuts down in the middle of a chaotic run;
 * what it did not finish goes back to the group's quorum queue and is handled by the next member.
 */
@RequiresRabbit
class RabbitChaosShutdownIntegrationTests {

    private static final RabbitTestSupport rabbit = new RabbitTestSupport();

    @Test
    void shutdownInTheMiddleOfTheRunReturnsWhatWasNotFinished() throws Exception {
        try (ChaosShutdownScenario scenario = new ChaosShutdownScenario(rabbit.broker(), "ambkit")) {
            scenario.run();
        }
    }

    @AfterAll
    static void deleteTopology() throws Exception {
        rabbit.deleteAll();
    }
}
