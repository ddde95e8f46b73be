package dev.amb.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.amb.SubscriptionOptions;
import dev.amb.broker.redis.RedisBroker;
import dev.amb.broker.redis.RedisBrokerSettings;
import dev.amb.broker.redis.RedisConnector;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * The Redis contenders, in pub/sub or in Streams mode, on the server given:
 * <ul>
 * <li><b>raw Lettuce</b> ({@link RedisRawPubSub}, {@link RedisRawStreams}): {@code PUBLISH} /
 * {@code SUBSCRIBE} of the payload bytes, or pipelined {@code XADD MAXLEN ~ 100000} and a consumer
 * thread doing {@code XREADGROUP COUNT 100 BLOCK} with one {@code XACK} per batch;</li>
 * <li><b>Spring Data Redis</b> ({@link RedisSpringPubSub}, {@link RedisSpringStreams}): a
 * {@code RedisTemplate} with Jackson JSON values and a {@code RedisMessageListenerContainer}, or
 * {@code StreamOperations.add} and a {@code StreamMessageListenerContainer} reading with a
 * consumer group and acknowledging each record;</li>
 * <li><b>AMB</b>: {@link RedisBroker} ({@code useStreams} as the mode), one bus publishing and one
 * subscribing, each with a broker (and so connections) of its own, JSON serializer; in Streams
 * mode the subscriber is a group member, as the other sides' consumers.</li>
 * </ul>
 * Pub/sub keeps nothing for a subscriber that falls behind (Redis drops a subscriber whose output
 * buffer overflows, AMB drops what its full queue cannot take), so pub/sub throughput is a closed
 * loop on every side: at most {@link Load#WINDOW} messages are published and not yet handled. In
 * Streams mode, as on the other brokers, the window counts the sends Redis has not confirmed.
 * Request/reply on the raw and Spring sides of Streams mode goes through streams both ways;
 * AMB's Redis broker always sends replies over pub/sub (to the requester's inbox).
 *
 * <p>Every measurement uses channels, streams and key prefixes of its own and deletes the keys it
 * created before it returns.
 */
final class RedisLoad implements AutoCloseable {

    /** String keys and channels, byte values: the codec AMB's broker uses. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** The approximate stream length ({@code XADD MAXLEN ~}) every side trims to: AMB's default. */
    static final long MAX_LEN = 100_000;

    /** The consumer group of the raw and Spring stream consumers. */
    static final String GROUP = "bench";

    /** How long a pub/sub publisher waits for a free slot of the window before it reports lost messages. */
    private static final long WINDOW_WAIT_SECONDS = 30;

    private final RedisURI uri;

    private final boolean streams;

    private final RedisClient client;

    private final StatefulRedisConnection<String, String> admin;

    /**
     * @param url the Redis server, e.g. {@code redis://127.0.0.1:6379}
     * @param streams {@code true} for Streams mode, {@code false} for pub/sub
     */
    RedisLoad(String url, boolean streams) {
        this.uri = RedisURI.create(url);
        this.streams = streams;
        this.client = RedisClient.create(uri);
        this.admin = client.connect();
    }

    /** @return the table's title: mode, Redis version and server */
    String title() {
        String version = admin.sync().info("server").lines().filter(line -> line.startsWith("redis_version:"))
            .map(line -> line.substring("redis_version:".length()).trim()).findFirst().orElse("?");
        return "Redis " + (streams ? "Streams" : "pub/sub") + " (Redis " + version + " at " + uri.getHost() + ":"
                + uri.getPort() + ")";
    }

    /** @return raw Lettuce, Spring Data Redis, AMB */
    List<Contender> contenders() {
        return streams ? List.of(new RedisRawStreams(this), new RedisSpringStreams(this), new Amb())
                : List.of(new RedisRawPubSub(this), new RedisSpringPubSub(this), new Amb());
    }

    /** @return the server */
    RedisURI uri() {
        return uri;
    }

    /** @return a Lettuce client of its own, for one measurement (shut it down with {@link #shutdown}) */
    RedisClient newClient() {
        return RedisClient.create(uri);
    }

    /** @param measurementClient a client from {@link #newClient()} */
    static void shutdown(RedisClient measurementClient) {
        measurementClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /**
     * @return a started Spring Data Redis connection factory of its own (Lettuce, one shared native
     *         connection, Spring Boot's defaults), for one side of one measurement
     */
    LettuceConnectionFactory connectionFactory() {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** @param keys the keys to delete (streams a measurement created) */
    void delete(String... keys) {
        admin.sync().del(keys);
    }

    /** @param prefix every key starting with it is deleted, found with {@code SCAN} */
    void deletePrefix(String prefix) {
        RedisCommands<String, String> redis = admin.sync();
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        }
        while (!cursor.isFinished());
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
    }

    /**
     * Waits until a channel has a subscriber (for listener containers that subscribe in the background).
     * @param channel the channel
     * @throws InterruptedException when interrupted
     */
    void awaitSubscriber(String channel) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (admin.sync().pubsubNumsub(channel).getOrDefault(channel, 0L) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nobody subscribed to " + channel + " within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Takes a slot of a pub/sub closed-loop window, which the subscriber gives back per message handled.
     * @param window the window
     * @throws InterruptedException when interrupted
     */
    static void acquire(Semaphore window) throws InterruptedException {
        if (!window.tryAcquire(WINDOW_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no message handled for " + WINDOW_WAIT_SECONDS
                    + " s: pub/sub messages were lost");
        }
    }

    @Override
    public void close() {
        admin.close();
        shutdown(client);
    }

    /** AMB's Redis broker in this mode, one bus publishing (or requesting), one subscribing (or responding). */
    private final class Amb extends AmbContender {

        private DefaultMessageBus bus(String keyPrefix) {
            RedisBrokerSettings settings = RedisBrokerSettings.builder().useStreams(streams).keyPrefix(keyPrefix)
                .shutdownGrace(Duration.ofSeconds(2)).build();
            RedisBroker broker = new RedisBroker(RedisConnector.create(uri), settings);
            return DefaultMessageBus.builder(broker).serializer(new JsonMessageSerializer())
                .shutdownTimeout(Duration.ofSeconds(2)).build();
        }

        private void close(DefaultMessageBus first, DefaultMessageBus second, String keyPrefix) {
            for (DefaultMessageBus bus : List.of(first, second)) {
                bus.close();
                bus.broker().close();
            }
            deletePrefix(keyPrefix);
        }

        /** Both sides under a key prefix of the round's own, whose keys are deleted when they close. */
        @Override
        protected Sides open(boolean requests) {
            String keyPrefix = "bench:amb:" + Load.unique() + ":";
            DefaultMessageBus first = bus(keyPrefix);
            DefaultMessageBus second = bus(keyPrefix);
            return new Sides(first, second, () -> close(first, second, keyPrefix));
        }

        @Override
        protected String requestTopic() {
            return "bench.rr." + Load.unique();
        }

        @Override
        protected SubscriptionOptions subscription(String topic) {
            SubscriptionOptions options = SubscriptionOptions.pattern(topic);
            return streams ? options.group(GROUP) : options;
        }

        @Override
        protected void handled(Semaphore window) {
            if (!streams) {
                window.release();
            }
        }

        @Override
        protected double publish(Load.Throughput load, CountDownLatch done, Semaphore window, Sides sides,
                String topic) throws Exception {
            DefaultMessageBus publisher = sides.first();
            String text = load.text();
            return Load.publish(load, done, count -> {
                for (int i = 0; i < count; i++) {
                    if (streams) {
                        window.acquire();
                        publisher.publish(topic, text).whenComplete((ok, ex) -> window.release());
                    }
                    else {
                        acquire(window);
                        publisher.publish(topic, text);
                    }
                }
            });
        }
    }
}
