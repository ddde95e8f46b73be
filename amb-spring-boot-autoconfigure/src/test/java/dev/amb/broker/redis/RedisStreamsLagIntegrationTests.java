package dev.amb.broker.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.LagScenario;
import dev.amb.kit.RequiresRedis;

/**
 * A Streams subscription reports its group's pending and undelivered entries as its lag, read
 * with XINFO GROUPS on the local server.
 */
@RequiresRedis
class RedisStreamsLagIntegrationTests {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    private final RedisResources resources = new RedisResources(Duration.ofSeconds(2));

    @AfterEach
    void close() throws Exception {
        resources.close();
    }

    @AfterAll
    static void deleteStreams() {
        RedisTestSupport.deleteKeys(KEY_PREFIX);
    }

    @Test
    void lagCountsEntriesNotYetAcknowledgedAndFallsToZeroOnceHandled() throws Exception {
        RedisBroker broker = resources.broker(RedisTestSupport.settings(KEY_PREFIX).useStreams(true));
        LagScenario.lagFollowsTheBacklog(broker, KitSupport.namespace() + ".lag", 5, 5);
    }
}
