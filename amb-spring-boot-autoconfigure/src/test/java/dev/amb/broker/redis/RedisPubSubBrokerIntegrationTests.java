package dev.amb.broker.redis;

import org.junit.jupiter.api.AfterAll;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresRedis;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against Redis pub/sub on the local server.
 */
@RequiresRedis
class RedisPubSubBrokerIntegrationTests extends BrokerCompatibilityKit {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    @Override
    protected Broker createBroker() {
        return RedisTestSupport.broker(RedisTestSupport.settings(KEY_PREFIX).build());
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        // not durable, ordered, groups (through claims), no native delay, globs broader than the
        // pattern (the bus filters), no native request/reply, no payload limit below 1 MiB
        return new BrokerCapabilities(false, true, true, false, false, false, -1);
    }

    @AfterAll
    static void deleteClaims() {
        RedisTestSupport.deleteKeys(KEY_PREFIX);
    }
}
