package dev.amb.samples.demo;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.amb.kit.RequiresNats;

/**
 * The supervisor and two workers as separate Spring application contexts that share nothing but
 * a real NATS server: each opens its own connection from {@code amb.broker=nats}, as separate
 * processes do.
 */
@RequiresNats
class NatsEndToEndIntegrationTests extends EndToEndRound {

    @Override
    AgentSystem createSystem(String... commonProperties) {
        return AgentSystem.onBroker(BrokerAdapters.with(commonProperties, "amb.broker=nats",
                "amb.nats.url=nats://127.0.0.1:4222"));
    }

    @Override
    List<WorkerSpec> workers() {
        return List.of(new WorkerSpec("worker-1", "primary", 50), new WorkerSpec("worker-2", "backup", 20));
    }

    @Test
    void aRoundAcrossAgentsSharingOnlyANatsServerShowsEveryPattern() throws Exception {
        runOneRoundAndCheckEveryPattern();
    }
}
