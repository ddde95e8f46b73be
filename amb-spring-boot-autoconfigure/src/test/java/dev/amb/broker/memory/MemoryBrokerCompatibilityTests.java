package dev.amb.broker.memory;

import java.time.Duration;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against the in-memory broker.
 */
class MemoryBrokerCompatibilityTests extends BrokerCompatibilityKit {

    @Override
    protected Broker createBroker() {
        return new MemoryBroker(MemoryBroker.Settings.defaults().withShutdownGrace(Duration.ofSeconds(5)));
    }

    /** The memory broker lives in one JVM: its agents share the one instance. */
    @Override
    protected Broker createPeerBroker(Broker first) {
        return first;
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        return new BrokerCapabilities(false, true, true, false, true, false, -1);
    }
}
