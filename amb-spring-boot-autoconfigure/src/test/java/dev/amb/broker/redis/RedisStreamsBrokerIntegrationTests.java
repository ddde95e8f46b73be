package dev.amb.broker.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresRedis;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit against Redis Streams on the local server.
 */
@RequiresRedis
class RedisStreamsBrokerIntegrationTests extends BrokerCompatibilityKit {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    @Override
    protected Broker createBroker() {
        return RedisTestSupport.broker(RedisTestSupport.settings(KEY_PREFIX)
            .useStreams(true)
            .discoveryInterval(Duration.ofMillis(200))
            .build());
    }

    @Override
    protected Broker createBroker(Duration redeliveryDeadline) {
        return RedisTestSupport.broker(RedisTestSupport.settings(KEY_PREFIX)
            .useStreams(true)
            .discoveryInterval(Duration.ofMillis(200))
            .claimIdleTime(redeliveryDeadline)
            .build());
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        // durable, ordered, consumer groups, delays by the adapter's timer, exact patterns (streams
        // are chosen with the AMB pattern itself), no native request/reply, no limit below 1 MiB
        return new BrokerCapabilities(true, true, true, false, true, false, -1);
    }

    @AfterAll
    static void deleteStreams() {
        RedisTestSupport.deleteKeys(KEY_PREFIX);
    }
}
