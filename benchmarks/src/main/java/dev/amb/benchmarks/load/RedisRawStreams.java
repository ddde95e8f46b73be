package dev.amb.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Raw Lettuce Streams: pipelined {@code XADD MAXLEN ~ 100000} (async commands on one connection),
 * and a consumer thread on a connection of its own doing {@code XREADGROUP COUNT 100 BLOCK} in the
 * consumer group {@value RedisLoad#GROUP} and one {@code XACK} per batch. Request/reply by hand,
 * through streams both ways: the request entry carries {@code correlation}, {@code replyTo} and
 * {@code data}; the responder's consumer {@code XADD}s the correlation and the data to the reply
 * stream, where the requester's consumer completes the pending request.
 */
final class RedisRawStreams implements Contender {

    private static final XAddArgs TRIM = XAddArgs.Builder.maxlen(RedisLoad.MAX_LEN).approximateTrimming();

    private final RedisLoad redis;

    /** @param redis the server and its clean-up */
    RedisRawStreams(RedisLoad redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "raw Lettuce";
    }

    /** A consumer thread reading one stream in the group until closed, acknowledging each batch after handling it. */
    private static final class Reader {

        private final Thread thread;

        private volatile boolean running = true;

        @SuppressWarnings("unchecked") // Lettuce takes stream offsets as generic varargs
        Reader(RedisClient client, String key, Consumer<StreamMessage<String, byte[]>> handler) {
            StatefulRedisConnection<String, byte[]> connection = client.connect(RedisLoad.CODEC);
            io.lettuce.core.Consumer<String> me = io.lettuce.core.Consumer.from(RedisLoad.GROUP, "raw");
            XReadArgs args = XReadArgs.Builder.block(100).count(100);
            thread = new Thread(() -> {
                while (running) {
                    try {
                        List<StreamMessage<String, byte[]>> entries = connection.sync().xreadgroup(me, args,
                                StreamOffset.lastConsumed(key));
                        if (entries.isEmpty()) {
                            continue;
                        }
                        entries.forEach(handler);
                        connection.async().xack(key, RedisLoad.GROUP,
                                entries.stream().map(StreamMessage::getId).toArray(String[]::new));
                    }
                    catch (RuntimeException ex) {
                        if (running) {
                            System.err.println("raw Lettuce stream reader of " + key + " failed: " + ex);
                            return;
                        }
                    }
                }
            }, "raw-stream-reader");
            thread.start();
        }

        /** Stops reading and waits for the thread (at most one blocking read, 100 ms). */
        void close() {
            running = false;
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Creates the consumer group, and the stream with it. */
    private static void createGroup(StatefulRedisConnection<String, byte[]> connection, String key) {
        connection.sync().xgroupCreate(StreamOffset.from(key, "$"), RedisLoad.GROUP, XGroupCreateArgs.Builder.mkstream());
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        RedisClient client = redis.newClient();
        String key = "bench:raw:" + Load.unique();
        try {
            StatefulRedisConnection<String, byte[]> publisher = client.connect(RedisLoad.CODEC);
            createGroup(publisher, key);
            CountDownLatch done = new CountDownLatch(load.messages());
            Map<String, byte[]> body = Map.of("data", load.bytes());
            Semaphore window = new Semaphore(Load.WINDOW);
            Reader reader = new Reader(client, key, entry -> done.countDown());
            try {
                return Load.publish(load, done, count -> {
                    for (int i = 0; i < count; i++) {
                        window.acquire();
                        publisher.async().xadd(key, TRIM, body).whenComplete((id, ex) -> window.release());
                    }
                });
            }
            finally {
                reader.close();
            }
        }
        finally {
            redis.delete(key);
            RedisLoad.shutdown(client);
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        RedisClient client = redis.newClient();
        String requestKey = "bench:raw:rq:" + Load.unique();
        String replyKey = "bench:raw:rp:" + Load.unique();
        try {
            StatefulRedisConnection<String, byte[]> requester = client.connect(RedisLoad.CODEC);
            StatefulRedisConnection<String, byte[]> responderOut = client.connect(RedisLoad.CODEC);
            createGroup(requester, requestKey);
            createGroup(requester, replyKey);
            Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
            byte[] payload = new Load.Throughput(100, 1, 1).bytes();
            byte[] replyTo = replyKey.getBytes(StandardCharsets.UTF_8);
            Reader responder = new Reader(client, requestKey, request -> responderOut.async().xadd(
                    new String(request.getBody().get("replyTo"), StandardCharsets.UTF_8), TRIM,
                    Map.of("correlation", request.getBody().get("correlation"), "data", request.getBody().get("data"))));
            Reader replies = new Reader(client, replyKey, reply -> {
                CompletableFuture<Void> future = pending.remove(new String(reply.getBody().get("correlation"),
                        StandardCharsets.UTF_8));
                if (future != null) {
                    future.complete(null);
                }
            });
            try {
                return Load.requests(requests, inFlight, () -> {
                    String id = Load.unique() + Load.unique();
                    CompletableFuture<Void> reply = new CompletableFuture<>();
                    pending.put(id, reply);
                    requester.async().xadd(requestKey, TRIM, Map.of("correlation", id.getBytes(StandardCharsets.UTF_8),
                            "replyTo", replyTo, "data", payload));
                    return reply;
                });
            }
            finally {
                responder.close();
                replies.close();
            }
        }
        finally {
            redis.delete(requestKey, replyKey);
            RedisLoad.shutdown(client);
        }
    }
}
