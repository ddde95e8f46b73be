package dev.amb.broker.nats;

import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.LagScenario;
import dev.amb.kit.RequiresNatsJetStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JetStream subscription reports its consumer's pending and unacknowledged messages as its lag,
 * on the local server, and the broker reports a closed connection for health checks.
 */
@RequiresNatsJetStream
class NatsJetStreamObservabilityIntegrationTests {

    @Test
    void lagCountsMessagesNotYetAcknowledgedAndFallsToZeroOnceHandled() throws Exception {
        try (NatsJetStreamBroker broker = NatsTestSupport.jetStreamBroker("AMB_LAG", "amblag")) {
            LagScenario.lagFollowsTheBacklog(broker, KitSupport.namespace() + ".lag", 5, 5);
        }
    }

    @Test
    void connectionProblemIsNullWhileConnectedAndNamesAClosedConnection() throws Exception {
        NatsJetStreamBroker broker = NatsTestSupport.jetStreamBroker("AMB_LAG", "amblag");
        assertThat(broker.connectionProblem()).isNull();
        broker.close();
        assertThat(broker.connectionProblem()).isEqualTo("the NATS connection is CLOSED");
    }
}
