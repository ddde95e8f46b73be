package dev.amb.broker.nats;

import dev.amb.kit.RequiresNats;
import dev.amb.spi.Broker;

/**
 * The whole broker compatibility kit against core NATS on the local server, writing the
 * CloudEvents NATS binding's structured content mode ({@code amb.nats.content-mode=structured}):
 * every contract holds whichever mode an agent writes. Capabilities as in binary mode.
 */
@RequiresNats
class NatsCoreStructuredBrokerIntegrationTests extends NatsCoreBrokerIntegrationTests {

    @Override
    protected Broker createBroker() throws Exception {
        return NatsBroker.connect(NatsTestSupport.options().build(),
                NatsTestSupport.settings().withContentMode(NatsContentMode.STRUCTURED));
    }
}
