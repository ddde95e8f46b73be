package dev.amb.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import dev.amb.kit.RequiresRedis;

/**
 * Shared by the Redis integration tests: the local server's address, brokers whose keys live
 * under a prefix of their own, the clean-up of those keys, and a plain Lettuce connection (the
 * tests' "other client").
 */
public final class RedisTestSupport {

    static final String HOST = "127.0.0.1";

    static final int PORT = RequiresRedis.PORT;

    /**
     * The name of the shared plain connection on the server. It must not start with
     * {@code amb-it-}: {@link RedisResilienceIntegrationTests} kills the connections named so.
     */
    private static final String CLIENT_NAME = "amb-test-support";

    /** The plain connection of {@link #withRedis}, opened on first use and closed when the JVM exits. */
    private static StatefulRedisConnection<String, String> shared;

    private RedisTestSupport() {
    }

    static RedisURI uri() {
        return RedisURI.builder().withHost(HOST).withPort(PORT).withTimeout(Duration.ofSeconds(5)).build();
    }

    /** @return a key prefix no other test run uses, e.g. {@code amb-test-1a2b3c4d:} */
    public static String uniqueKeyPrefix() {
        return "amb-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    static RedisBrokerSettings.Builder settings(String keyPrefix) {
        return RedisBrokerSettings.builder().keyPrefix(keyPrefix).shutdownGrace(Duration.ofSeconds(5));
    }

    static RedisBroker broker(RedisBrokerSettings settings) {
        return broker(uri(), settings);
    }

    static RedisBroker broker(RedisURI uri, RedisBrokerSettings settings) {
        return new RedisBroker(RedisConnector.create(uri), settings);
    }

    /**
     * Runs commands on a plain Lettuce connection (the test's "other client"), shared by every call
     * so that polling it in a wait loop opens no connections.
     * @param <T> what the work returns
     * @param work the commands to run
     * @return what the work returned
     */
    public static <T> T withRedis(Function<RedisCommands<String, String>, T> work) {
        return work.apply(sharedConnection().sync());
    }

    /**
     * Deletes every key under a prefix (stream keys, the registry, claims), found with {@code SCAN}.
     * @param keyPrefix the prefix, e.g. from {@link #uniqueKeyPrefix()}
     */
    public static void deleteKeys(String keyPrefix) {
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

    private static synchronized StatefulRedisConnection<String, String> sharedConnection() {
        if (shared == null) {
            RedisURI uri = uri();
            uri.setClientName(CLIENT_NAME);
            RedisClient client = RedisClient.create(uri);
            try {
                shared = client.connect();
            }
            catch (RuntimeException ex) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                throw ex;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(1)),
                    "amb-test-redis-shutdown"));
        }
        return shared;
    }

    /** An order as the Redis tests publish and receive it, in JSON and as a typed payload. */
    record Order(String id, int quantity) {
    }
}
