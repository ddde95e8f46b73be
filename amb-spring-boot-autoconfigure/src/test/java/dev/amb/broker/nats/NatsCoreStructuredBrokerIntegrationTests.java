package dev.amb.broker.nats;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresNats;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against core NATS on the local server, writing the
 * CloudEvents NATS binding's structured content mode ({@code amb.nats.content-mode=structured}):
 * every contract holds whichever mode an agent writes.
 */
@RequiresNats
class NatsCoreStructuredBrokerIntegrationTests extends BrokerCompatibilityKit {

    @Override
    protected Broker createBroker() throws Exception {
        return NatsBroker.connect(NatsTestSupport.options().build(),
                NatsTestSupport.settings().withContentMode(NatsContentMode.STRUCTURED));
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
