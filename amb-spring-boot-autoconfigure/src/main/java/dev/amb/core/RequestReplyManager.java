package dev.amb.core;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AckMode;
import dev.amb.AmbHeaders;
import dev.amb.RemoteAgentException;
import dev.amb.RequestTimeoutException;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.topic.Topics;

/**
 * The requester side of request/reply: one inbox topic per bus instance
 * ({@code amb.inbox.<agent-id>.<random>}), a correlation id per request, and a table of pending
 * requests that replies are matched against.
 *
 * <p>The inbox is subscribed on the first request. A reply that matches no pending request (it came
 * after the timeout, after the first of several replies won, or carries an unknown id) is dropped
 * and counted in {@link BusCounters#unmatchedReplies()}.
 *
 * <p><b>Threading:</b> requests may be sent from any thread; replies are matched on the inbox's
 * delivery threads (up to {@value #INBOX_CONCURRENCY} at once) and request futures complete there,
 * timeouts on the bus timer thread. Closing fails every pending request at once.
 */
final class RequestReplyManager {

    private static final Log logger = LogFactory.getLog(RequestReplyManager.class);

    static final int INBOX_CONCURRENCY = 4;

    private final Broker broker;

    private final Publisher publisher;

    private final NativeRequester nativeRequester;

    private final PayloadCodec codec;

    private final BusCounters counters;

    private final ScheduledExecutorService timer;

    private final Clock clock;

    private final String inboxTopic;

    private final Map<String, PendingReplies<?>> pending = new ConcurrentHashMap<>();

    private final Object inboxLock = new Object();

    private BrokerSubscription inbox;

    private volatile boolean closed;

    RequestReplyManager(Broker broker, Publisher publisher, NativeRequester nativeRequester, PayloadCodec codec,
            BusCounters counters, ScheduledExecutorService timer, Clock clock, String agentId) {
        this.broker = broker;
        this.publisher = publisher;
        this.nativeRequester = nativeRequester;
        this.codec = codec;
        this.counters = counters;
        this.timer = timer;
        this.clock = clock;
        this.inboxTopic = "amb.inbox." + topicSafe(agentId) + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    String inboxTopic() {
        return inboxTopic;
    }

    int pendingCount() {
        return pending.size();
    }

    <F> CompletableFuture<F> send(PendingReplies<F> request, List<String> topics, Object data) {
        if (request instanceof PendingReplies.Single<?> && topics.size() == 1
                && broker.capabilities().nativeRequestReply()) {
            return sendNative(request, topics.get(0), data);
        }
        requirePositive(request.timeout);
        topics.forEach(Topics::validateTopic);
        if (closed) {
            return CompletableFuture.failedFuture(PendingReplies.closed(request.topic));
        }
        try {
            ensureInbox();
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        if (!register(request)) {
            return request.future;
        }
        Map<String, String> extensions = new HashMap<>(4);
        extensions.put(AmbHeaders.EXT_CORRELATION_ID, request.correlationId);
        extensions.put(AmbHeaders.EXT_REPLY_TO, inboxTopic);
        List<CompletableFuture<Void>> publishes = new ArrayList<>(topics.size());
        for (String topic : topics) {
            publishes.add(publisher.publish(topic, data, Map.of(), extensions));
        }
        CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).whenComplete((ok, ex) -> {
            if (ex != null) {
                request.fail(ReplySender.unwrap(ex));
            }
        });
        return request.future;
    }

    /**
     * A single request through the broker's native request/reply: the bus still tracks it (so
     * closing fails it at once) and still applies its own timeout as a safety net.
     */
    private <F> CompletableFuture<F> sendNative(PendingReplies<F> request, String topic, Object data) {
        Topics.validateTopic(topic);
        if (closed) {
            return CompletableFuture.failedFuture(PendingReplies.closed(request.topic));
        }
        if (!register(request)) {
            return request.future;
        }
        CompletableFuture<Envelope> reply = nativeRequester.request(topic, data,
                Map.of(AmbHeaders.EXT_CORRELATION_ID, request.correlationId), request.timeout);
        reply.whenComplete((envelope, ex) -> {
            if (ex == null) {
                if (!accept(request, envelope, 1)) {
                    unmatched(envelope, "its request was already complete (a late native reply)");
                }
                return;
            }
            Throwable cause = ReplySender.unwrap(ex);
            if (cause instanceof java.util.concurrent.TimeoutException) {
                request.onTimeout();
            }
            else {
                request.fail(cause);
            }
        });
        request.future.whenComplete((result, ex) -> {
            // after the bus's own timeout the broker keeps waiting (until its own deadline), so that a
            // late reply is still seen and counted like a late reply to the inbox
            if (!(ReplySender.unwrap(ex) instanceof RequestTimeoutException)) {
                reply.cancel(false);
            }
        });
        return request.future;
    }

    /** Adds a request to the pending table and starts its timeout; {@code false} when it already failed. */
    private boolean register(PendingReplies<?> request) {
        pending.put(request.correlationId, request);
        Runnable forget = () -> {
            pending.remove(request.correlationId, request);
            request.cancelTimeout();
        };
        request.beforeFinish(forget); // gone from the table before the caller's future completes
        request.future.whenComplete((result, ex) -> forget.run()); // also when the caller cancels it
        try {
            request.timeoutTask(timer.schedule(request::onTimeout, request.timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        catch (RejectedExecutionException ex) {
            request.fail(PendingReplies.closed(request.topic));
            return false;
        }
        if (closed) {
            request.fail(PendingReplies.closed(request.topic));
            return false;
        }
        return true;
    }

    private void ensureInbox() {
        synchronized (inboxLock) {
            if (inbox == null) {
                SubscriptionSpec spec = new SubscriptionSpec("amb-inbox", inboxTopic, null, INBOX_CONCURRENCY);
                inbox = broker.subscribe(spec, this::onReply);
            }
        }
    }

    private void onReply(Delivery delivery) {
        Envelope envelope = delivery.envelope();
        try {
            String correlationId = envelope.correlationId();
            PendingReplies<?> request = correlationId != null ? pending.get(correlationId) : null;
            if (request == null || !inboxTopic.equals(envelope.topic())) {
                unmatched(envelope, "no pending request has its correlation id");
                return;
            }
            if (!accept(request, envelope, delivery.deliveryAttempt())) {
                unmatched(envelope, "its request was already complete");
            }
        }
        finally {
            delivery.ack();
        }
    }

    /**
     * Hands one reply (or error reply) to its request.
     * @return {@code false} when the request was already complete
     */
    private boolean accept(PendingReplies<?> request, Envelope envelope, int attempt) {
        String errorType = envelope.extension(AmbHeaders.EXT_ERROR_TYPE);
        if (errorType != null) {
            return request.onError(new RemoteAgentException(errorType, envelope.extension(AmbHeaders.EXT_ERROR_MESSAGE),
                    envelope.source()));
        }
        Object data;
        try {
            data = codec.decode(envelope, request.replyType);
        }
        catch (RuntimeException ex) {
            counters.undecodable.increment();
            request.fail(ex);
            return true;
        }
        return request.onReply(new DefaultMessage<>(envelope, data, clock.instant(), attempt, AckMode.AUTO, null));
    }

    private void unmatched(Envelope envelope, String why) {
        counters.unmatchedReplies.increment();
        if (logger.isDebugEnabled()) {
            logger.debug("Dropping reply " + envelope.id() + " (correlation id " + envelope.correlationId() + ") because "
                    + why);
        }
    }

    void close() {
        closed = true;
        BrokerSubscription subscription;
        synchronized (inboxLock) {
            subscription = inbox;
            inbox = null;
        }
        for (PendingReplies<?> request : List.copyOf(pending.values())) {
            request.fail(PendingReplies.closed(request.topic));
        }
        if (subscription != null) {
            subscription.close(Duration.ZERO);
        }
    }

    private static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("request timeout must be positive, was " + timeout);
        }
    }

    static String topicSafe(String agentId) {
        String safe = agentId.replaceAll("[^A-Za-z0-9_-]", "_");
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }

    /** Sends a request through the broker's native request/reply. */
    @FunctionalInterface
    interface NativeRequester {

        CompletableFuture<Envelope> request(String topic, Object data, Map<String, String> extensions, Duration timeout);
    }

    /** Publishes on behalf of the request/reply machinery. */
    @FunctionalInterface
    interface Publisher {

        CompletableFuture<Void> publish(String topic, Object data, Map<String, String> headers,
                Map<String, String> extensions);
    }
}
