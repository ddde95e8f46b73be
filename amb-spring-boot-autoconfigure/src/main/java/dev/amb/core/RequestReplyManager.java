package dev.amb.core;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
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
import dev.amb.spi.BusObserver;
import dev.amb.spi.BusMetrics;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.EnvelopeRejectedException;
import dev.amb.spi.ReplyInboxes;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.AdapterThreads;
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
 * delivery threads (up to {@value #INBOX_CONCURRENCY} at once) and timeouts fire on the bus timer
 * thread, but the futures handed to callers complete on {@code amb-bus-reply-*} threads (a cached
 * pool: a callback that blocks, even on another request, holds one of them and stalls nothing
 * else). Closing fails every pending request at once.
 */
final class RequestReplyManager {

    private static final Log logger = LogFactory.getLog(RequestReplyManager.class);

    static final int INBOX_CONCURRENCY = 4;

    /** How long closing waits for inbox workers that are matching a reply; they never block long. */
    private static final Duration INBOX_CLOSE_GRACE = Duration.ofSeconds(1);

    private final Broker broker;

    private final Publisher publisher;

    private final NativeRequester nativeRequester;

    private final PayloadCodec codec;

    private final BusCounters counters;

    private final RequestMeters meters;

    private final ScheduledExecutorService timer;

    private final Clock clock;

    private final BusObserver observer;

    private final InterceptorChain interceptors;

    private final String inboxTopic;

    private final Map<String, PendingReplies<?>> pending = new ConcurrentHashMap<>();

    /** Completes callers' futures; a thread per blocked callback at most, idle threads go away. */
    private final ExecutorService callbacks = AdapterThreads.workers("amb-bus-reply-");

    private final Object inboxLock = new Object();

    private BrokerSubscription inbox;

    private volatile boolean closed;

    RequestReplyManager(Broker broker, Publisher publisher, NativeRequester nativeRequester, PayloadCodec codec,
            BusCounters counters, BusMetrics metrics, ScheduledExecutorService timer, Clock clock, String agentId,
            BusObserver observer, InterceptorChain interceptors) {
        this.broker = broker;
        this.publisher = publisher;
        this.nativeRequester = nativeRequester;
        this.codec = codec;
        this.counters = counters;
        this.meters = new RequestMeters(broker.name(), metrics, counters, this::pendingCount);
        this.timer = timer;
        this.clock = clock;
        this.observer = observer;
        this.interceptors = interceptors;
        this.inboxTopic = ReplyInboxes.PREFIX + topicSafe(agentId) + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    String inboxTopic() {
        return inboxTopic;
    }

    int pendingCount() {
        return pending.size();
    }

    /** {@return a new responder id for a broadcast responder: random, so distinct across instances} */
    static String newResponderId() {
        return "subscription:" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Sends a request and returns the caller's future; the {@link BusObserver} sees the round trip. */
    <F> CompletableFuture<F> send(PendingReplies<F> request, List<String> topics, Object data) {
        return observer.request(request.correlationId, topics, kind(request), () -> sendObserved(request, topics, data));
    }

    private static String kind(PendingReplies<?> request) {
        return request instanceof PendingReplies.Scatter<?> ? "scatter"
                : request instanceof PendingReplies.First<?> ? "first" : "request";
    }

    private <F> CompletableFuture<F> sendObserved(PendingReplies<F> request, List<String> topics, Object data) {
        // a native request ends with the first reply it gets; with inbound interceptors (signature
        // checks) a refused reply must not end it, so such a bus uses its inbox on every broker
        if (request instanceof PendingReplies.Single<?> && topics.size() == 1
                && broker.capabilities().nativeRequestReply() && !interceptors.hasInbound()) {
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
            return handOff(request);
        }
        CompletableFuture<F> caller = handOff(request);
        Map<String, String> extensions = new HashMap<>(4);
        extensions.put(AmbHeaders.EXT_CORRELATION_ID, request.correlationId);
        extensions.put(AmbHeaders.EXT_REPLY_TO, inboxTopic);
        for (String topic : topics) {
            CompletableFuture<Void> published;
            try {
                published = publisher.publish(topic, data, Map.of(), extensions);
            }
            catch (RuntimeException ex) {
                // invalid input (the payload cannot be serialized): nothing was sent, nothing stays pending
                request.fail(ex);
                throw ex;
            }
            // one topic's failed publish is one failed topic (requestFirst), or the request's failure
            published.whenComplete((ok, ex) -> {
                if (ex != null) {
                    request.onPublishFailed(topic, ReplySender.unwrap(ex));
                }
            });
        }
        return caller;
    }

    /**
     * The future handed to the caller: it completes on a {@code amb-bus-reply-*} thread, never on the
     * bus timer or an inbox delivery thread, so a callback that blocks (even on another request)
     * stalls neither timeouts nor reply matching. Completing or cancelling it ends the request.
     */
    private <F> CompletableFuture<F> handOff(PendingReplies<F> request) {
        CompletableFuture<F> caller = new CompletableFuture<>();
        request.future.whenComplete((result, ex) -> {
            Runnable complete = () -> {
                if (ex == null) {
                    caller.complete(result);
                }
                else {
                    caller.completeExceptionally(ex);
                }
            };
            try {
                callbacks.execute(complete);
            }
            catch (RejectedExecutionException rejected) {
                complete.run(); // the bus is closed: no timer or inbox thread is left to stall
            }
        });
        caller.whenComplete((result, ex) -> {
            if (!request.future.isDone()) {
                request.fail(ex != null ? ex : new CancellationException("the caller completed the request's future"));
            }
        });
        return caller;
    }

    /**
     * A single request through the broker's native request/reply: the bus still tracks it (so
     * closing fails it at once) and still applies its own timeout as a safety net.
     */
    private <F> CompletableFuture<F> sendNative(PendingReplies<F> request, String topic, Object data) {
        requirePositive(request.timeout);
        // validated and encoded before registering: invalid input leaves nothing pending
        Envelope prepared = nativeRequester.prepare(topic, data, Map.of(AmbHeaders.EXT_CORRELATION_ID,
                request.correlationId));
        if (closed) {
            return CompletableFuture.failedFuture(PendingReplies.closed(request.topic));
        }
        if (!register(request)) {
            return handOff(request);
        }
        CompletableFuture<F> caller = handOff(request);
        CompletableFuture<Envelope> reply = nativeRequester.send(prepared, request.timeout);
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
        return caller;
    }

    /** Adds a request to the pending table and starts its timeout; {@code false} when it already failed. */
    private boolean register(PendingReplies<?> request) {
        meters.track(request, request.future);
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
            if (closed) {
                // close() sets the flag before it takes the lock: an inbox made here would outlive the bus
                throw new IllegalStateException("The message bus is closed; cannot open the reply inbox " + inboxTopic);
            }
            if (inbox == null) {
                // matching a reply is quick and hands the caller's future to the callback pool: the
                // adapter may run it on its own delivery thread and save a thread hand-off
                SubscriptionSpec spec = SubscriptionSpec.of(InboundCall.INBOX_SUBSCRIPTION, inboxTopic, null,
                        INBOX_CONCURRENCY).withNonBlockingHandler();
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
    private boolean accept(PendingReplies<?> request, Envelope received, int attempt) {
        Envelope envelope = intercepted(received, attempt);
        if (envelope == null) {
            return true; // refused: not the request's reply, which may still come
        }
        String errorType = envelope.extension(AmbHeaders.EXT_ERROR_TYPE);
        if (errorType != null) {
            return request.onError(new RemoteAgentException(errorType, envelope.extension(AmbHeaders.EXT_ERROR_MESSAGE),
                    envelope.source()), responderOf(envelope));
        }
        Object data;
        try {
            data = codec.decode(envelope, request.replyType);
        }
        catch (RuntimeException ex) {
            counters.undecodableReplies.increment();
            return request.onUndecodable(ex, responderOf(envelope));
        }
        return request.onReply(new DefaultMessage<>(envelope, data, clock.instant(), attempt, AckMode.AUTO, null),
                responderOf(envelope));
    }

    /**
     * Runs the inbound interceptors on a reply, as on every delivery to a subscription, so that a
     * requester that verifies signatures takes no forged or unsigned reply. A refused reply is
     * dropped and counted ({@link BusCounters#rejectedReplies()}); it is not dead-lettered (it
     * belongs to no subscription) and does not end the request, which keeps waiting for a genuine
     * reply until its timeout.
     * @return the reply to use, or {@code null} when it was refused
     */
    private Envelope intercepted(Envelope reply, int attempt) {
        if (!interceptors.hasInbound()) {
            return reply;
        }
        try {
            return interceptors.afterReceive(reply, InboundCall.reply(inboxTopic, attempt));
        }
        catch (RuntimeException ex) {
            counters.rejectedReplies.increment();
            String reason = ex instanceof EnvelopeRejectedException rejected ? rejected.reason()
                    : FailureReason.INTERCEPTOR_FAILED.value();
            logger.warn("Refused reply " + reply.id() + " from '" + reply.source() + "' to request "
                    + reply.correlationId() + " (" + reason + "): " + ex.getMessage());
            return null;
        }
    }

    /**
     * @return who sent a reply: its agent ({@code source}) and, when it says so, which of that agent's
     *     responders ({@link AmbHeaders#EXT_RESPONDER}); {@code null} when the reply names neither
     */
    static String responderOf(Envelope envelope) {
        String source = envelope.source();
        String responder = envelope.extension(AmbHeaders.EXT_RESPONDER);
        if (source == null && responder == null) {
            return null;
        }
        return source + '\u0000' + responder;
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
        callbacks.shutdown(); // completions already handed over still run
        if (subscription != null) {
            // a reply being matched right now finishes (it only finds its request failed)
            subscription.close(INBOX_CLOSE_GRACE);
        }
    }

    private static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("request timeout must be positive, was " + timeout);
        }
    }

    /**
     * @return a new correlation id: 122 bits from {@link java.security.SecureRandom} (a random UUID),
     *     so that nobody can guess another request's id and answer it
     */
    static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    static String topicSafe(String agentId) {
        String safe = agentId.replaceAll("[^A-Za-z0-9_-]", "_");
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }

    /** Sends a request through the broker's native request/reply. */
    interface NativeRequester {

        /** Validates and encodes the request on the caller's thread (throws on invalid input). */
        Envelope prepare(String topic, Object data, Map<String, String> extensions);

        /** Sends it through the publish pipeline (breaker, counters) and the broker's native request. */
        CompletableFuture<Envelope> send(Envelope request, Duration timeout);
    }

    /** Publishes on behalf of the request/reply machinery. */
    @FunctionalInterface
    interface Publisher {

        CompletableFuture<Void> publish(String topic, Object data, Map<String, String> headers,
                Map<String, String> extensions);
    }
}
