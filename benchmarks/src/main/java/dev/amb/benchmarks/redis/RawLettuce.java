package dev.amb.benchmarks.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The baselines: what an application would write with Lettuce alone, on the same codec AMB uses
 * (string keys, byte[] values) and the same 100-byte payload.
 */
final class RawLettuce {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private RawLettuce() {
    }

    static byte[] payload() {
        byte[] payload = new byte[100];
        Arrays.fill(payload, (byte) 'x');
        return payload;
    }

    /** PUBLISH from one connection, a listener on a pub/sub connection counts. */
    static final class PubSub implements Scenario {

        private final RedisClient client;

        private final StatefulRedisConnection<String, byte[]> publisher;

        private final StatefulRedisPubSubConnection<String, byte[]> subscriber;

        private final String channel = "bench.raw." + UUID.randomUUID();

        private volatile Deliveries deliveries;

        PubSub(RedisURI uri) {
            client = RedisClient.create(uri);
            publisher = client.connect(CODEC);
            subscriber = client.connectPubSub(CODEC);
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    deliveries.delivered();
                }
            });
            subscriber.sync().subscribe(channel);
        }

        @Override
        public String name() {
            return "raw Lettuce pub/sub";
        }

        @Override
        public double throughput(int messages) throws Exception {
            Deliveries run = new Deliveries(messages);
            deliveries = run;
            byte[] payload = payload();
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                run.beforePublish();
                publisher.async().publish(channel, payload);
            }
            return messages / (run.awaitAll(start) / 1e9);
        }

        @Override
        public void close() {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * XADD (trimmed like AMB's default) from one connection; a consumer thread reads with
     * XREADGROUP BLOCK COUNT 100 and acknowledges each batch with one XACK.
     */
    static final class Streams implements Scenario {

        private final RedisClient client;

        private final StatefulRedisConnection<String, byte[]> publisher;

        private final StatefulRedisConnection<String, byte[]> consumer;

        private final String key = "bench:raw:" + UUID.randomUUID();

        private final Thread reader;

        private volatile Deliveries deliveries;

        private volatile boolean running = true;

        Streams(RedisURI uri) {
            client = RedisClient.create(uri);
            publisher = client.connect(CODEC);
            consumer = client.connect(CODEC);
            publisher.sync().xgroupCreate(StreamOffset.from(key, "$"), "bench", XGroupCreateArgs.Builder.mkstream());
            reader = new Thread(this::read, "raw-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        @SuppressWarnings("unchecked") // Lettuce takes stream offsets as generic varargs
        private void read() {
            Consumer<String> me = Consumer.from("bench", "raw");
            while (running) {
                try {
                    var entries = consumer.sync().xreadgroup(me, XReadArgs.Builder.block(1000).count(100),
                            StreamOffset.lastConsumed(key));
                    if (entries.isEmpty()) {
                        continue;
                    }
                    consumer.async().xack(key, "bench", entries.stream().map(StreamMessage::getId).toArray(String[]::new));
                    Deliveries run = deliveries;
                    entries.forEach(entry -> run.delivered());
                }
                catch (RuntimeException ex) {
                    if (running) {
                        throw ex;
                    }
                }
            }
        }

        @Override
        public String name() {
            return "raw Lettuce Streams";
        }

        @Override
        public double throughput(int messages) throws Exception {
            Deliveries run = new Deliveries(messages);
            deliveries = run;
            Map<String, byte[]> body = Map.of("data", payload());
            XAddArgs trim = XAddArgs.Builder.maxlen(100_000).approximateTrimming();
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                run.beforePublish();
                publisher.async().xadd(key, trim, body);
            }
            return messages / (run.awaitAll(start) / 1e9);
        }

        @Override
        public void close() {
            running = false;
            try {
                reader.join(2000);
                publisher.sync().del(key);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * Request/reply by hand: PUBLISH the request; the responder's listener PUBLISHes it back to the
     * requester's reply channel; the requester waits for it before sending the next one.
     */
    static final class RequestReply implements Scenario {

        private final RedisClient client;

        private final StatefulRedisConnection<String, byte[]> requester;

        private final StatefulRedisPubSubConnection<String, byte[]> replies;

        private final StatefulRedisConnection<String, byte[]> responderOut;

        private final StatefulRedisPubSubConnection<String, byte[]> responderIn;

        private final String requestChannel = "bench.raw.request." + UUID.randomUUID();

        private final String replyChannel = "bench.raw.reply." + UUID.randomUUID();

        private volatile CompletableFuture<byte[]> pending;

        RequestReply(RedisURI uri) {
            client = RedisClient.create(uri);
            requester = client.connect(CODEC);
            responderOut = client.connect(CODEC);
            replies = client.connectPubSub(CODEC);
            replies.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    pending.complete(message);
                }
            });
            replies.sync().subscribe(replyChannel);
            responderIn = client.connectPubSub(CODEC);
            responderIn.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    responderOut.async().publish(replyChannel, message);
                }
            });
            responderIn.sync().subscribe(requestChannel);
        }

        @Override
        public String name() {
            return "raw Lettuce PUBLISH + SUBSCRIBE round trip";
        }

        @Override
        public long[] roundTrips(int requests) throws Exception {
            long[] nanos = new long[requests];
            byte[] payload = payload();
            for (int i = 0; i < requests; i++) {
                CompletableFuture<byte[]> reply = new CompletableFuture<>();
                pending = reply;
                long start = System.nanoTime();
                requester.async().publish(requestChannel, payload);
                reply.get(10, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - start;
            }
            return nanos;
        }

        @Override
        public void close() {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
