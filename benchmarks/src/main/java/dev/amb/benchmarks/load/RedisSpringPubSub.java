package dev.amb.benchmarks.load;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.Jackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;

/**
 * Spring Data Redis pub/sub, as the Spring Data Redis reference sets it up: a {@code RedisTemplate}
 * whose values go through a {@code Jackson2JsonRedisSerializer} ({@code convertAndSend}, one
 * blocking {@code PUBLISH} per message on the factory's shared connection), and a
 * {@code RedisMessageListenerContainer} with its defaults (its default executor runs each
 * message's listener on a new thread) calling a {@code MessageListener} that parses the JSON.
 * Publisher and subscriber (requester and responder) each have a connection factory of their own,
 * as two applications would.
 *
 * <p>Request/reply as a Spring user writes it with these parts: the request is a JSON object with
 * a correlation id, the reply channel and the payload; the responder's listener
 * {@code convertAndSend}s a reply object to that channel; the requester's listener completes the
 * pending {@code CompletableFuture} of that id.
 */
final class RedisSpringPubSub implements Contender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisLoad redis;

    /** @param redis the server */
    RedisSpringPubSub(RedisLoad redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "Spring Data Redis";
    }

    /**
     * A request.
     * @param id the correlation id
     * @param replyTo the requester's reply channel
     * @param payload the payload
     */
    record Request(String id, String replyTo, String payload) {
    }

    /**
     * A reply.
     * @param id the request's correlation id
     * @param payload the payload
     */
    record Reply(String id, String payload) {
    }

    private static <T> RedisTemplate<String, T> template(LettuceConnectionFactory factory,
            Jackson2JsonRedisSerializer<T> values) {
        RedisTemplate<String, T> template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setKeySerializer(StringRedisSerializer.UTF_8);
        template.setValueSerializer(values);
        template.afterPropertiesSet();
        return template;
    }

    private RedisMessageListenerContainer listen(LettuceConnectionFactory factory, String channel,
            MessageListener listener) throws Exception {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(factory);
        container.addMessageListener(listener, new ChannelTopic(channel));
        container.afterPropertiesSet();
        container.start();
        redis.awaitSubscriber(channel);
        return container;
    }

    /** Stops the containers (if started) and closes the factories. */
    private static void close(RedisMessageListenerContainer[] containers, LettuceConnectionFactory... factories)
            throws Exception {
        for (RedisMessageListenerContainer container : containers) {
            if (container != null) {
                container.destroy();
            }
        }
        for (LettuceConnectionFactory factory : factories) {
            factory.destroy();
        }
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        LettuceConnectionFactory publisherFactory = redis.connectionFactory();
        LettuceConnectionFactory subscriberFactory = redis.connectionFactory();
        RedisMessageListenerContainer[] containers = new RedisMessageListenerContainer[1];
        try {
            String channel = "bench.spring." + Load.unique();
            Jackson2JsonRedisSerializer<String> json = new Jackson2JsonRedisSerializer<>(JSON, String.class);
            CountDownLatch done = new CountDownLatch(load.messages());
            Semaphore window = new Semaphore(Load.WINDOW);
            containers[0] = listen(subscriberFactory, channel, (message, pattern) -> {
                if (json.deserialize(message.getBody()) == null) {
                    throw new IllegalStateException("no payload");
                }
                window.release();
                done.countDown();
            });
            RedisTemplate<String, String> template = template(publisherFactory, json);
            String text = load.text();
            return Load.publish(load, done, count -> {
                for (int i = 0; i < count; i++) {
                    RedisLoad.acquire(window);
                    template.convertAndSend(channel, text);
                }
            });
        }
        finally {
            close(containers, publisherFactory, subscriberFactory);
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        LettuceConnectionFactory requesterFactory = redis.connectionFactory();
        LettuceConnectionFactory responderFactory = redis.connectionFactory();
        RedisMessageListenerContainer[] containers = new RedisMessageListenerContainer[2];
        try {
            String requestChannel = "bench.spring.rq." + Load.unique();
            String replyChannel = "bench.spring.rp." + Load.unique();
            Jackson2JsonRedisSerializer<Request> requestJson = new Jackson2JsonRedisSerializer<>(JSON, Request.class);
            Jackson2JsonRedisSerializer<Reply> replyJson = new Jackson2JsonRedisSerializer<>(JSON, Reply.class);
            RedisTemplate<String, Reply> replying = template(responderFactory, replyJson);
            containers[0] = listen(responderFactory, requestChannel, (message, pattern) -> {
                Request request = requestJson.deserialize(message.getBody());
                replying.convertAndSend(request.replyTo(), new Reply(request.id(), request.payload()));
            });
            Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
            containers[1] = listen(requesterFactory, replyChannel, (message, pattern) -> {
                CompletableFuture<Void> future = pending.remove(replyJson.deserialize(message.getBody()).id());
                if (future != null) {
                    future.complete(null);
                }
            });
            RedisTemplate<String, Request> requesting = template(requesterFactory, requestJson);
            String text = new Load.Throughput(100, 1, 1).text();
            return Load.requests(requests, inFlight, () -> {
                String id = Load.unique() + Load.unique();
                CompletableFuture<Void> reply = new CompletableFuture<>();
                pending.put(id, reply);
                requesting.convertAndSend(requestChannel, new Request(id, replyChannel, text));
                return reply;
            });
        }
        finally {
            close(containers, requesterFactory, responderFactory);
        }
    }
}
