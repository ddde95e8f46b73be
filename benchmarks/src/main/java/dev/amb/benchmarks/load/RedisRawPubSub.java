package dev.amb.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Raw Lettuce pub/sub: {@code PUBLISH} of the payload bytes from one connection, a listener on a
 * pub/sub connection (it runs on Lettuce's event loop). Request/reply by hand: the request is
 * {@code PUBLISH}ed with a small binary frame in front of the payload (correlation id and reply
 * channel), the responder's listener {@code PUBLISH}es the id and the payload to that channel,
 * and the requester's listener completes the pending request.
 */
final class RedisRawPubSub implements Contender {

    private final RedisLoad redis;

    /** @param redis the server and its clean-up */
    RedisRawPubSub(RedisLoad redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "raw Lettuce";
    }

    /** Subscribes a pub/sub connection to one channel with a listener getting channel and message. */
    private static StatefulRedisPubSubConnection<String, byte[]> subscribe(RedisClient client, String channel,
            BiConsumer<String, byte[]> listener) {
        StatefulRedisPubSubConnection<String, byte[]> connection = client.connectPubSub(RedisLoad.CODEC);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, byte[] message) {
                listener.accept(from, message);
            }
        });
        connection.sync().subscribe(channel);
        return connection;
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        RedisClient client = redis.newClient();
        try {
            String channel = "bench.raw." + Load.unique();
            CountDownLatch done = new CountDownLatch(load.messages());
            Semaphore window = new Semaphore(Load.WINDOW);
            subscribe(client, channel, (from, message) -> {
                window.release();
                done.countDown();
            });
            StatefulRedisConnection<String, byte[]> publisher = client.connect(RedisLoad.CODEC);
            byte[] bytes = load.bytes();
            return Load.publish(load, done, count -> {
                for (int i = 0; i < count; i++) {
                    RedisLoad.acquire(window);
                    publisher.async().publish(channel, bytes);
                }
            });
        }
        finally {
            RedisLoad.shutdown(client);
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        RedisClient client = redis.newClient();
        try {
            String requestChannel = "bench.raw.rq." + Load.unique();
            String replyChannel = "bench.raw.rp." + Load.unique();
            StatefulRedisConnection<String, byte[]> responderOut = client.connect(RedisLoad.CODEC);
            subscribe(client, requestChannel, (from, request) -> {
                Frame frame = Frame.read(request);
                responderOut.async().publish(frame.replyTo(), Frame.reply(frame.id(), frame.payload()));
            });
            Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
            subscribe(client, replyChannel, (from, reply) -> {
                CompletableFuture<Void> future = pending.remove(ByteBuffer.wrap(reply).getLong());
                if (future != null) {
                    future.complete(null);
                }
            });
            StatefulRedisConnection<String, byte[]> requester = client.connect(RedisLoad.CODEC);
            byte[] payload = new Load.Throughput(100, 1, 1).bytes();
            AtomicLong ids = new AtomicLong();
            return Load.requests(requests, inFlight, () -> {
                long id = ids.incrementAndGet();
                CompletableFuture<Void> reply = new CompletableFuture<>();
                pending.put(id, reply);
                requester.async().publish(requestChannel, Frame.request(id, replyChannel, payload));
                return reply;
            });
        }
        finally {
            RedisLoad.shutdown(client);
        }
    }

    /**
     * The raw side's request frame: an 8-byte correlation id, the reply channel (2-byte length,
     * UTF-8), the payload; a reply is the id and the payload.
     *
     * @param id the correlation id
     * @param replyTo the reply channel ({@code null} in a reply)
     * @param payload the payload
     */
    private record Frame(long id, String replyTo, byte[] payload) {

        static byte[] request(long id, String replyTo, byte[] payload) {
            byte[] channel = replyTo.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(10 + channel.length + payload.length).putLong(id)
                .putShort((short) channel.length).put(channel).put(payload).array();
        }

        static byte[] reply(long id, byte[] payload) {
            return ByteBuffer.allocate(8 + payload.length).putLong(id).put(payload).array();
        }

        static Frame read(byte[] request) {
            ByteBuffer buffer = ByteBuffer.wrap(request);
            long id = buffer.getLong();
            int length = buffer.getShort();
            String replyTo = new String(request, 10, length, StandardCharsets.UTF_8);
            return new Frame(id, replyTo, Arrays.copyOfRange(request, 10 + length, request.length));
        }
    }
}
