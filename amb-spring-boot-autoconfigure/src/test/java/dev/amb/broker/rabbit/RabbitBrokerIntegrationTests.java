package dev.amb.broker.rabbit;

import org.junit.jupiter.api.AfterAll;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresRabbit;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against the local RabbitMQ server, with quorum group queues,
 * on an exchange of its own; every queue and exchange it declared is deleted afterwards.
 */
@RequiresRabbit
class RabbitBrokerIntegrationTests extends BrokerCompatibilityKit {

    private static final RabbitTestSupport rabbit = new RabbitTestSupport();

    @Override
    protected Broker createBroker() {
        return rabbit.broker();
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        return new BrokerCapabilities(true, true, true, true, true, true, -1);
    }

    @AfterAll
    static void deleteTopology() throws Exception {
        rabbit.deleteAll();
    }
}
