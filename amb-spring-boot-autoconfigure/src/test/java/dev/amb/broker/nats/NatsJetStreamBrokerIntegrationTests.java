package dev.amb.broker.nats;

import java.time.Duration;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresNatsJetStream;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against JetStream on the local server, in a stream of its
 * own ({@code AMB_KIT}, subjects {@code ambkit.>}); the slow-consumer contract gets a broker whose
 * consumers' {@code ack-wait} is the contract's redelivery deadline.
 */
@RequiresNatsJetStream
class NatsJetStreamBrokerIntegrationTests extends BrokerCompatibilityKit {

    @Override
    protected Broker createBroker() throws Exception {
        return NatsTestSupport.jetStreamBroker("AMB_KIT", "ambkit");
    }

    @Override
    protected Broker createBroker(Duration redeliveryDeadline) throws Exception {
        return NatsJetStreamBroker.connect(NatsTestSupport.options().build(), NatsTestSupport.settings(),
                NatsTestSupport.streamSettings("AMB_KIT", "ambkit").withDelivery(redeliveryDeadline, -1));
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
