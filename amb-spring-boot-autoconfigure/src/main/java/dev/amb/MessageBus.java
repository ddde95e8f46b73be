package dev.amb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.core.ParameterizedTypeReference;

/**
 * The agent's connection to the message bus: publish, subscribe, request/reply.
 *
 * <p>The same code runs on every broker this version ships an adapter for (the {@code amb.broker}
 * values that can start, listed by {@code dev.amb.autoconfigure.BrokerType#isAvailable()}: memory,
 * redis, nats, kafka, rabbit and sqs); the bus, not the broker, decides everything a user can observe, so behaviour
 * does not drift between them.
 *
 * <p><b>Threading:</b> every method is thread safe and non-blocking: it validates its arguments
 * and serializes the payload on the calling thread, hands the message to the broker and returns.
 * Publish futures complete on a broker or bus thread; do not block inside their callbacks. Request,
 * scatter and first-wins futures complete on a bus thread of their own ({@code amb-bus-reply-*}),
 * where a callback may block (even on another request) without stalling timeouts. Handlers run on
 * threads owned by the broker adapter (see {@link MessageHandler}).
 *
 * <p><b>Closing:</b> the bus is closed with its application context (or by
 * {@code DefaultMessageBus#close()} when used without Spring). Closing stops every subscription,
 * fails every pending request with an {@link AmbException}, and closes the broker connection.
 * After that, {@code publish} and the request methods return futures failed with an
 * {@link AmbException} and {@code subscribe} throws {@link IllegalStateException}.
 *
 * <p><b>Errors:</b> invalid input fails fast on the calling thread: an invalid topic or pattern is
 * an {@link IllegalArgumentException} naming it and the rule it breaks, a payload that cannot be
 * serialized a {@link MessageSerializationException}. Broker failures complete the returned future
 * exceptionally with an {@link AmbException}.
 *
 * @since 0.1.0
 */
public interface MessageBus {

    /**
     * Publishes a message.
     * @param topic a concrete topic (no wildcards)
     * @param data the payload, serialized with the configured serializer; may be {@code null}
     * @return a future that completes when the broker has accepted the message
     */
    CompletableFuture<Void> publish(String topic, Object data);

    /**
     * Publishes a message with user headers.
     * @param topic a concrete topic (no wildcards)
     * @param data the payload; may be {@code null}
     * @param headers user headers, returned to handlers by {@link Message#headers()}
     * @return a future that completes when the broker has accepted the message
     */
    CompletableFuture<Void> publish(String topic, Object data, Map<String, String> headers);

    /**
     * Subscribes a handler to a pattern as a broadcast subscriber.
     * @param pattern the topic pattern ({@code *} one segment, {@code #} zero or more)
     * @param type the type payloads are decoded into
     * @param handler the handler
     * @param <T> the payload type
     * @return the running subscription
     */
    <T> Subscription subscribe(String pattern, Class<T> type, MessageHandler<T> handler);

    /**
     * Subscribes a handler with options (group, ack mode, retries, filter, concurrency...).
     * @param options the subscription options
     * @param type the type payloads are decoded into
     * @param handler the handler
     * @param <T> the payload type
     * @return the running subscription
     */
    <T> Subscription subscribe(SubscriptionOptions options, Class<T> type, MessageHandler<T> handler);

    /**
     * Subscribes a handler whose payload type is generic, for example
     * {@code new ParameterizedTypeReference<Map<String, List<Task>>>() {}}.
     * @param options the subscription options
     * @param type the generic payload type
     * @param handler the handler
     * @param <T> the payload type
     * @return the running subscription
     */
    <T> Subscription subscribe(SubscriptionOptions options, ParameterizedTypeReference<T> type, MessageHandler<T> handler);

    /**
     * Subscribes a batch handler ({@link AckMode#BATCH}): messages are handed over in lists of up
     * to {@link SubscriptionOptions#batchSize()}, or fewer when
     * {@link SubscriptionOptions#batchTimeout()} elapses first.
     * @param options the subscription options; the ack mode must be {@link AckMode#BATCH}
     * @param type the type payloads are decoded into
     * @param handler the batch handler
     * @param <T> the payload type
     * @return the running subscription
     */
    <T> Subscription subscribeBatch(SubscriptionOptions options, Class<T> type, BatchMessageHandler<T> handler);

    /**
     * Subscribes a batch handler whose payload type is generic.
     * @param options the subscription options; the ack mode must be {@link AckMode#BATCH}
     * @param type the generic payload type
     * @param handler the batch handler
     * @param <T> the payload type
     * @return the running subscription
     */
    <T> Subscription subscribeBatch(SubscriptionOptions options, ParameterizedTypeReference<T> type,
            BatchMessageHandler<T> handler);

    /**
     * Sends a request and waits (asynchronously) for one reply, with the default timeout
     * ({@code amb.request.timeout}).
     * @param topic the request topic
     * @param data the request payload
     * @param replyType the type the reply is decoded into
     * @param <R> the reply type
     * @return a future of the reply; fails with {@link RequestTimeoutException} or {@link RemoteAgentException}
     */
    <R> CompletableFuture<Message<R>> request(String topic, Object data, Class<R> replyType);

    /**
     * Sends a request and waits (asynchronously) for one reply.
     * @param topic the request topic
     * @param data the request payload
     * @param replyType the type the reply is decoded into
     * @param timeout how long to wait for the reply
     * @param <R> the reply type
     * @return a future of the reply; fails with {@link RequestTimeoutException} or {@link RemoteAgentException}
     */
    <R> CompletableFuture<Message<R>> request(String topic, Object data, Class<R> replyType, Duration timeout);

    /**
     * Scatter-gather: sends one request to every responder on the topic and collects replies.
     * Completes early when {@code maxResponses} replies arrived; at the timeout with what arrived if
     * that is at least {@code minResponses}; otherwise fails with {@link RequestTimeoutException}
     * carrying the replies that did arrive. Error replies are not counted as responses.
     * @param topic the request topic
     * @param data the request payload
     * @param replyType the type replies are decoded into
     * @param timeout how long to collect
     * @param minResponses the fewest replies that make a result
     * @param maxResponses the most replies collected
     * @param <R> the reply type
     * @return a future of the replies in arrival order
     */
    <R> CompletableFuture<List<Message<R>>> scatter(String topic, Object data, Class<R> replyType,
            Duration timeout, int minResponses, int maxResponses);

    /**
     * Sends the same request to several topics and completes with the first successful reply.
     * @param topics the request topics (redundant responders)
     * @param data the request payload
     * @param replyType the type the reply is decoded into
     * @param timeout how long to wait
     * @param <R> the reply type
     * @return a future of the first reply; fails when every responder failed or none replied in time
     */
    <R> CompletableFuture<Message<R>> requestFirst(List<String> topics, Object data, Class<R> replyType, Duration timeout);

    /**
     * Registers a programmatic responder: the handler's return value is the reply and an exception
     * is an error reply.
     * @param topic the request topic or pattern
     * @param group the responder group (responders in one group share the requests), or {@code null}
     * @param requestType the type requests are decoded into
     * @param handler the request handler
     * @param <Q> the request type
     * @param <R> the reply type
     * @return the running subscription
     */
    <Q, R> Subscription respond(String topic, String group, Class<Q> requestType, RequestHandler<Q, R> handler);

    /**
     * Registers a programmatic responder with full subscription options (pattern, group,
     * concurrency, id) and a possibly generic request type.
     * @param options the subscription options; the ack mode must be {@link AckMode#AUTO}
     * @param requestType the request type
     * @param handler the request handler
     * @param <Q> the request type
     * @param <R> the reply type
     * @return the running subscription
     */
    <Q, R> Subscription respond(SubscriptionOptions options, ParameterizedTypeReference<Q> requestType,
            RequestHandler<Q, R> handler);
}
