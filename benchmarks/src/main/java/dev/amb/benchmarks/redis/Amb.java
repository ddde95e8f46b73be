package dev.amb.benchmarks.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import dev.amb.SubscriptionOptions;
import dev.amb.broker.redis.RedisBroker;
import dev.amb.broker.redis.RedisBrokerSettings;
import dev.amb.broker.redis.RedisConnector;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * AMB on the same server: two agents (each its own broker, so its own connections, as two
 * applications would have) exchanging a 100-character string through {@link DefaultMessageBus},
 * i.e. with everything the bus adds: CloudEvents envelope, JSON, handler hand-off.
 */
final class Amb {

    static final String PAYLOAD = "x".repeat(100);

    private Amb() {
    }

    /** Two agents on one broker mode, with the keys of this run under a prefix of their own. */
    abstract static class Agents implements Scenario {

        final String keyPrefix = "bench:amb:" + UUID.randomUUID().toString().substring(0, 8) + ":";

        final String topic = "bench.amb." + UUID.randomUUID().toString().replace("-", "");

        final RedisURI uri;

        final boolean streams;

        final DefaultMessageBus sender;

        final DefaultMessageBus receiver;

        Agents(RedisURI uri, boolean streams) {
            this.uri = uri;
            this.streams = streams;
            RedisBrokerSettings settings = RedisBrokerSettings.builder().useStreams(streams).keyPrefix(keyPrefix).build();
            sender = bus(uri, settings, "sender");
            receiver = bus(uri, settings, "receiver");
        }

        private static DefaultMessageBus bus(RedisURI uri, RedisBrokerSettings settings, String agentId) {
            RedisBroker broker = new RedisBroker(RedisConnector.create(uri), settings);
            return DefaultMessageBus.builder(broker).agentId(agentId).serializer(new JsonMessageSerializer())
                .shutdownTimeout(Duration.ofSeconds(2)).build();
        }

        String mode() {
            return streams ? "Streams" : "pub/sub";
        }

        @Override
        public void close() {
            for (DefaultMessageBus bus : List.of(sender, receiver)) {
                bus.close();
                bus.broker().close();
            }
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                List<String> keys = connection.sync().keys(keyPrefix + "*");
                if (!keys.isEmpty()) {
                    connection.sync().del(keys.toArray(String[]::new));
                }
            }
            finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    /** One publishing agent, one subscribing agent (a group member in Streams mode, as the raw consumer). */
    static final class Throughput extends Agents {

        private volatile Deliveries deliveries;

        Throughput(RedisURI uri, boolean streams) {
            super(uri, streams);
            SubscriptionOptions options = SubscriptionOptions.pattern(topic);
            receiver.subscribe(streams ? options.group("bench") : options, String.class,
                    message -> deliveries.delivered());
        }

        @Override
        public String name() {
            return "AMB " + mode();
        }

        @Override
        public double throughput(int messages) throws Exception {
            Deliveries run = new Deliveries(messages);
            deliveries = run;
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                run.beforePublish();
                sender.publish(topic, PAYLOAD);
            }
            return messages / (run.awaitAll(start) / 1e9);
        }
    }

    /** {@code request()} against a responder that echoes the request. */
    static final class RequestReply extends Agents {

        RequestReply(RedisURI uri, boolean streams) {
            super(uri, streams);
            receiver.respond(topic, null, String.class, request -> request.data());
        }

        @Override
        public String name() {
            return "AMB request/reply (" + mode() + " request, pub/sub reply)";
        }

        @Override
        public long[] roundTrips(int requests) throws Exception {
            long[] nanos = new long[requests];
            Duration timeout = Duration.ofSeconds(10);
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                sender.request(topic, PAYLOAD, String.class, timeout).get(10, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - start;
            }
            return nanos;
        }
    }
}
