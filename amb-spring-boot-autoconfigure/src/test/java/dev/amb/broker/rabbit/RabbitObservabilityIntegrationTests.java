package dev.amb.broker.rabbit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.LagScenario;
import dev.amb.kit.RequiresRabbit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RabbitMQ subscription reports its queue's depth (ready messages, by a passive declare) as its
 * lag, on the local server: what its prefetch has not taken yet; and the broker reports closed
 * connections for health checks.
 */
@RequiresRabbit
class RabbitObservabilityIntegrationTests {

    private static final RabbitTestSupport rabbit = new RabbitTestSupport();

    @AfterAll
    static void deleteTopology() throws Exception {
        rabbit.deleteAll();
    }

    @Test
    void lagIsTheQueueDepthBeyondThePrefetchAndFallsToZeroOnceHandled() throws Exception {
        try (RabbitBroker broker = rabbit.broker()) {
            int taken = 1 + broker.settings().prefetch(); // one handler thread plus the prefetch
            LagScenario.lagFollowsTheBacklog(broker, KitSupport.namespace() + ".lag", taken + 5, 5);
        }
    }

    @Test
    void connectionProblemIsNullWhileConnectedAndNamesAClosedConnection() {
        RabbitBroker broker = rabbit.broker();
        assertThat(broker.connectionProblem()).isNull();
        broker.close();
        assertThat(broker.connectionProblem()).startsWith("the RabbitMQ publishing connection is closed");
    }
}
