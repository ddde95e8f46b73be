package dev.amb.broker.nats;

import org.junit.jupiter.api.Test;

import dev.amb.kit.ChaosShutdownScenario;
import dev.amb.kit.RequiresNatsJetStream;

/**
 * {@link ChaosShutdownScenario} on JetStream: a worker shuts down in the middle of a chaotic run;
 * what it did not finish is returned to the stream and handled by the next member of its group.
 */
@RequiresNatsJetStream
class NatsJetStreamChaosShutdownIntegrationTests {

    @Test
    void shutdownInTheMiddleOfTheRunReturnsWhatWasNotFinished() throws Exception {
        try (ChaosShutdownScenario scenario = new ChaosShutdownScenario(
                NatsTestSupport.jetStreamBroker("AMB_KIT", "ambkit"), "ambkit")) {
            scenario.run();
        }
    }
}
