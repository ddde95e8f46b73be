package dev.amb.broker.nats;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresNats;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against core NATS on the local server.
 */
@RequiresNats
class NatsCoreBrokerIntegrationTests extends BrokerCompatibilityKit {

    @Override
    protected Broker createBroker() throws Exception {
        return NatsTestSupport.coreBroker();
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        try {
            return new BrokerCapabilities(false, true, true, false, false, true, NatsTestSupport.serverMaxPayload());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
