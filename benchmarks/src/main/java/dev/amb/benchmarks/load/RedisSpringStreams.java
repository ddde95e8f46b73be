package dev.amb.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamListener;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.Subscription;

/**
 * Spring Data Redis Streams, as its reference sets them up: {@code StreamOperations.add} of a
 * record whose {@code payload} field is the payload as JSON (Jackson; one blocking
 * {@code XADD MAXLEN ~ 100000} per message), and a {@code StreamMessageListenerContainer} reading
 * in the consumer group {@value RedisLoad#GROUP} ({@code receive}, 100 records a read, 100 ms
 * poll timeout) whose listener parses the JSON and acknowledges the record
 * ({@code StreamOperations.acknowledge}). Publisher and subscriber (requester and responder) each
 * have a connection factory of their own, as two applications would.
 *
 * <p>Request/reply as a Spring user writes it with these parts, through streams both ways: the
 * request record carries {@code correlation}, {@code replyTo} (the requester's reply stream) and
 * {@code payload}; the responder's listener adds the correlation and the payload to the reply
 * stream; the requester's listener completes the pending {@code CompletableFuture} of that id.
 */
final class RedisSpringStreams implements Contender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final XAddOptions TRIM = XAddOptions.maxlen(RedisLoad.MAX_LEN).approximateTrimming(true);

    private final RedisLoad redis;

    /** @param redis the server and its clean-up */
    RedisSpringStreams(RedisLoad redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "Spring Data Redis";
    }

    /** One side: a connection factory, its template and the containers it started. */
    private final class Side implements AutoCloseable {

        private final LettuceConnectionFactory factory = redis.connectionFactory();

        private final StringRedisTemplate template = new StringRedisTemplate(factory);

        private final List<StreamMessageListenerContainer<String, MapRecord<String, String, String>>> containers =
                new ArrayList<>();

        private final List<Subscription> subscriptions = new ArrayList<>();

        /** Creates the consumer group (and the stream) on {@code key}. */
        void createGroup(String key) {
            template.opsForStream().createGroup(key, ReadOffset.latest(), RedisLoad.GROUP);
        }

        /** Reads {@code key} in the group; the listener gets each record, then it is acknowledged. */
        void receive(String key, java.util.function.Consumer<Map<String, String>> listener) {
            StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options =
                    StreamMessageListenerContainerOptions.builder().pollTimeout(Duration.ofMillis(100)).batchSize(100)
                        .build();
            StreamMessageListenerContainer<String, MapRecord<String, String, String>> container =
                    StreamMessageListenerContainer.create(factory, options);
            StreamListener<String, MapRecord<String, String, String>> handler = record -> {
                listener.accept(record.getValue());
                template.opsForStream().acknowledge(RedisLoad.GROUP, record);
            };
            Subscription subscription = container.receive(Consumer.from(RedisLoad.GROUP, "spring"),
                    StreamOffset.create(key, ReadOffset.lastConsumed()), handler);
            containers.add(container);
            subscriptions.add(subscription);
            container.start();
            try {
                subscription.await(Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }

        /** Adds a record of string fields to {@code key}. */
        void add(String key, Map<String, String> fields) {
            template.opsForStream().add(StreamRecords.string(fields).withStreamKey(key), TRIM);
        }

        /** Stops the containers, waits until their last reads returned, closes the factory. */
        @Override
        public void close() {
            containers.forEach(StreamMessageListenerContainer::stop);
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            try {
                for (Subscription subscription : subscriptions) {
                    while (subscription.isActive() && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            factory.destroy();
        }
    }

    private static String json(String text) {
        try {
            return JSON.writeValueAsString(text);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String parse(String json) {
        try {
            return JSON.readValue(json, String.class);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        String key = "bench:spring:" + Load.unique();
        try (Side publisher = new Side(); Side subscriber = new Side()) {
            publisher.createGroup(key);
            CountDownLatch done = new CountDownLatch(load.messages());
            subscriber.receive(key, fields -> {
                parse(fields.get("payload"));
                done.countDown();
            });
            String text = load.text();
            return Load.publish(load, done, count -> {
                for (int i = 0; i < count; i++) {
                    publisher.add(key, Map.of("payload", json(text)));
                }
            });
        }
        finally {
            redis.delete(key);
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        String requestKey = "bench:spring:rq:" + Load.unique();
        String replyKey = "bench:spring:rp:" + Load.unique();
        try (Side requester = new Side(); Side responder = new Side()) {
            requester.createGroup(requestKey);
            requester.createGroup(replyKey);
            responder.receive(requestKey, request -> responder.add(request.get("replyTo"),
                    Map.of("correlation", request.get("correlation"), "payload", json(parse(request.get("payload"))))));
            Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
            requester.receive(replyKey, reply -> {
                parse(reply.get("payload"));
                CompletableFuture<Void> future = pending.remove(reply.get("correlation"));
                if (future != null) {
                    future.complete(null);
                }
            });
            String text = new Load.Throughput(100, 1, 1).text();
            return Load.requests(requests, inFlight, () -> {
                String id = Load.unique() + Load.unique();
                CompletableFuture<Void> reply = new CompletableFuture<>();
                pending.put(id, reply);
                requester.add(requestKey, Map.of("correlation", id, "replyTo", replyKey, "payload", json(text)));
                return reply;
            });
        }
        finally {
            redis.delete(requestKey, replyKey);
        }
    }
}
