package dev.amb.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Shared by the Redis integration tests: the local server's address, brokers whose keys live
 * under a prefix of their own, and the clean-up of those keys.
 */
final class RedisTestSupport {

    static final String HOST = "127.0.0.1";

    static final int PORT = 6379;

    static final String START_COMMAND = "redis-server --daemonize yes --port 6379";

    private RedisTestSupport() {
    }

    static RedisURI uri() {
        return RedisURI.builder().withHost(HOST).withPort(PORT).withTimeout(Duration.ofSeconds(5)).build();
    }

    /** @return a key prefix no other test run uses, e.g. {@code amb-test-1a2b3c4d:} */
    static String uniqueKeyPrefix() {
        return "amb-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    static RedisBrokerSettings.Builder settings(String keyPrefix) {
        return RedisBrokerSettings.builder().keyPrefix(keyPrefix).shutdownGrace(Duration.ofSeconds(5));
    }

    static RedisBroker broker(RedisBrokerSettings settings) {
        return new RedisBroker(RedisConnector.create(uri()), settings);
    }

    /** Runs commands on a plain Lettuce connection (the test's "other client"). */
    static <T> T withRedis(java.util.function.Function<RedisCommands<String, String>, T> work) {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection.sync());
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** Deletes every key under a prefix (stream keys, the registry, claims). */
    static void deleteKeys(String keyPrefix) {
        withRedis(redis -> {
            List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(keyPrefix + "*").limit(1000));
                keys.addAll(page.getKeys());
                cursor = page;
            }
            while (!cursor.isFinished());
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
            return keys.size();
        });
    }
}
