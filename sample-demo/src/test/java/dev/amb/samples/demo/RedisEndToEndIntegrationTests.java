package dev.amb.samples.demo;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.amb.kit.RequiresRedis;

/**
 * The supervisor and two workers as separate Spring application contexts that share nothing but
 * a real Redis server: each opens its own connection from {@code amb.broker=redis}, as separate
 * processes do.
 */
@RequiresRedis
class RedisEndToEndIntegrationTests extends EndToEndRound {

    @Override
    AgentSystem createSystem(String... commonProperties) {
        return AgentSystem.onBroker(BrokerAdapters.with(commonProperties, "amb.broker=redis",
                "amb.redis.url=redis://127.0.0.1:6379"));
    }

    @Override
    List<WorkerSpec> workers() {
        return List.of(new WorkerSpec("worker-1", "primary", 50), new WorkerSpec("worker-2", "backup", 40));
    }

    @Test
    void aRoundAcrossAgentsSharingOnlyARedisServerShowsEveryPattern() throws Exception {
        runOneRoundAndCheckEveryPattern();
    }
}
