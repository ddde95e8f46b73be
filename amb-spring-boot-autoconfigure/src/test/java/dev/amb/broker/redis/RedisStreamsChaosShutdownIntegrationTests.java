package dev.amb.broker.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.amb.kit.ChaosShutdownScenario;
import dev.amb.kit.RequiresRedis;

/**
 * {@link ChaosShutdownScenario} on Redis Streams: a worker shuts down in the middle of a chaotic
 * run; what it did not finish is returned to the stream and handled by the next member of its group.
 */
@RequiresRedis
class RedisStreamsChaosShutdownIntegrationTests {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    @Test
    void shutdownInTheMiddleOfTheRunReturnsWhatWasNotFinished() throws Exception {
        try (ChaosShutdownScenario scenario = new ChaosShutdownScenario(RedisTestSupport.broker(
                RedisTestSupport.settings(KEY_PREFIX).useStreams(true).discoveryInterval(Duration.ofMillis(200)).build()),
                "chaos")) {
            scenario.run();
        }
    }

    @AfterAll
    static void deleteStreams() {
        RedisTestSupport.deleteKeys(KEY_PREFIX);
    }
}
