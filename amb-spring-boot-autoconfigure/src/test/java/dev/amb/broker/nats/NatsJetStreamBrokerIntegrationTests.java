package dev.amb.broker.nats;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresNatsJetStream;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against JetStream on the local server, in a stream of its
 * own ({@code AMB_KIT}, subjects {@code ambkit.>}).
 */
@RequiresNatsJetStream
class NatsJetStreamBrokerIntegrationTests extends BrokerCompatibilityKit {

    @Override
    protected Broker createBroker() throws Exception {
        return NatsTestSupport.jetStreamBroker("AMB_KIT", "ambkit");
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        try {
            return new BrokerCapabilities(true, true, true, true, false, false, NatsTestSupport.serverMaxPayload());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
