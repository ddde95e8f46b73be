package dev.amb.core;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.ParameterizedTypeReference;

import dev.amb.AckMode;
import dev.amb.BatchMessageHandler;
import dev.amb.DeadLetters;
import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.MessageHandler;
import dev.amb.RequestHandler;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.spi.Broker;
import dev.amb.spi.BusObserver;
import dev.amb.spi.BusMetrics;
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.Envelope;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;
import dev.amb.spi.MessageSerializer;
import dev.amb.spi.RetryPolicy;
import dev.amb.spi.support.AdapterThreads;

/**
 * The {@link MessageBus}: one pipeline, the same on every broker.
 *
 * <p>Outbound: validate topic and headers, serialize with the configured serializer, build the
 * CloudEvents envelope (id, source = agent id, type = topic, time, datacontenttype), hand it to
 * the {@link Broker}. Inbound: exact pattern check, decode with the serializer matching the
 * message's content type into the handler's declared type (generics included), filter, invoke,
 * settle; failures go to the failure handling and never end a subscription. Request/reply is
 * correlated here, on top of plain publish/subscribe, so it works on every broker.
 *
 * <p><b>Threading:</b> see {@link MessageBus}. The bus owns one timer thread
 * ({@code amb-bus-timer}) for request and batch timeouts, and a cached pool of
 * {@code amb-bus-worker-*} threads: at most one per batch subscription, which runs its batches;
 * request futures complete on {@code amb-bus-reply-*} threads (see {@link RequestReplyManager}).
 *
 * <p><b>Closing:</b> {@link #close()} drains before it closes: it pauses every subscription made
 * through this bus, closes them side by side within {@code shutdownTimeout} while publishing still
 * works, then refuses publishing, fails pending requests and releases the timer. It does not close
 * the {@link Broker}, which the application (or the Spring context) owns and may share. Idempotent.
 *
 * @since 0.1.0
 */
public final class DefaultMessageBus implements MessageBus, AutoCloseable {

    private static final Log logger = LogFactory.getLog(DefaultMessageBus.class);

    /** How long past the shutdown timeout closing waits for broker subscriptions to finish closing. */
    private static final Duration CLOSE_SLACK = Duration.ofSeconds(1);

    private final Broker broker;

    private final PayloadCodec codec;

    private final EnvelopeFactory envelopes;

    private final Duration requestTimeout;

    private final Duration shutdownTimeout;

    private final Clock clock;

    private final BusCounters counters;

    private final MessageIds ids = new MessageIds();

    private final FailureHandling failures;

    private final OutboundPipeline outbound;

    private final DefaultDeadLetters deadLetters;

    private final ScheduledExecutorService timer;

    /** Runs the batch subscriptions' batches (one runner each); threads exist only while there is work. */
    private final ExecutorService workers;

    private final RequestReplyManager requests;

    private final ReplySender replies;

    private final SubscriptionFactory subscriptionFactory;

    /** Set first when closing: no new subscriptions or responders. */
    private final AtomicBoolean closing = new AtomicBoolean();

    /** Set once running handlers had their grace period: publishing is refused from then on. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultMessageBus(Builder builder) {
        this.broker = builder.broker;
        this.codec = new PayloadCodec(builder.serializer, builder.readers);
        this.clock = builder.clock;
        this.envelopes = new EnvelopeFactory(builder.agentId, clock, ids);
        this.requestTimeout = builder.requestTimeout;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.counters = new BusCounters(broker.name(), builder.metrics);
        this.timer = AdapterThreads.timer("amb-bus-timer");
        InterceptorChain interceptors = new InterceptorChain(builder.outboundInterceptors, builder.inboundInterceptors);
        BusObserver observer = builder.observer.forBroker(broker.name());
        this.outbound = new OutboundPipeline(broker, codec, envelopes, builder.circuitBreakers, builder.publishTimeout,
                counters, closed::get, timer, interceptors, observer);
        this.failures = new FailureHandling(builder.deadLetterSettings, new DeadLetterEnvelopes(builder.agentId, clock, ids),
                deadLetter -> outbound.publish(deadLetter, OutboundKind.DEAD_LETTER));
        this.deadLetters = new DefaultDeadLetters(this, builder.deadLetterSettings.topic(),
                republished -> outbound.publish(republished, OutboundKind.PUBLISH), builder.agentId, ids);
        this.workers = AdapterThreads.workers("amb-bus-worker-");
        this.subscriptionFactory = new SubscriptionFactory(broker, codec, counters, clock, builder.retryPolicy,
                builder.circuitBreakers, timer, workers, closing::get, interceptors, observer);
        this.requests = new RequestReplyManager(broker, (topic, data, headers, extensions) -> outbound.publish(topic,
                data, headers, extensions, OutboundKind.REQUEST), new NativeRequests(), codec, counters,
                builder.metrics, timer, clock, builder.agentId, observer, interceptors);
        this.replies = new ReplySender((topic, data, headers, extensions) -> outbound.publish(topic, data, headers,
                extensions, OutboundKind.REPLY), broker::isNativeReplyAddress);
    }

    /**
     * Starts building a bus on the given broker.
     * @param broker the broker adapter
     * @return a builder
     */
    public static Builder builder(Broker broker) {
        return new Builder(broker);
    }

    /** @return this agent's id, sent as every message's {@code source} */
    public String agentId() {
        return envelopes.agentId();
    }

    /** @return the broker this bus publishes to */
    public Broker broker() {
        return broker;
    }

    /** @return running totals of what this bus did */
    public BusCounters counters() {
        return counters;
    }

    /** @return the topic replies to this bus's requests arrive on */
    public String inboxTopic() {
        return requests.inboxTopic();
    }

    /** @return the number of requests waiting for replies */
    public int pendingRequests() {
        return requests.pendingCount();
    }

    /** @return republishing of dead letters, on this bus's dead-letter topic */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** @return the subscriptions made through this bus that are still open */
    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptionFactory.open());
    }

    /**
     * The open subscriptions with their state and figures (the reply inbox is not among them).
     * @return the subscriptions made through this bus that are still open
     * @since 0.3.0
     */
    public List<ManagedSubscription> managedSubscriptions() {
        return List.copyOf(subscriptionFactory.open());
    }

    @Override
    public CompletableFuture<Void> publish(String topic, Object data) {
        return publish(topic, data, Map.of());
    }

    @Override
    public CompletableFuture<Void> publish(String topic, Object data, Map<String, String> headers) {
        EnvelopeFactory.requireUnreserved(headers, topic);
        return publishInternal(topic, data, headers, Map.of());
    }

    CompletableFuture<Void> publishInternal(String topic, Object data, Map<String, String> headers,
            Map<String, String> extensions) {
        return outbound.publish(topic, data, headers, extensions, OutboundKind.PUBLISH);
    }

    /** Native requests: built like every message, sent through the publish pipeline. */
    private final class NativeRequests implements RequestReplyManager.NativeRequester {

        @Override
        public Envelope prepare(String topic, Object data, Map<String, String> extensions) {
            return envelopes.create(topic, codec.encode(data), Map.of(), extensions);
        }

        @Override
        public CompletableFuture<Envelope> send(Envelope request, Duration timeout) {
            return outbound.request(request, timeout);
        }
    }

    @Override
    public <T> Subscription subscribe(String pattern, Class<T> type, MessageHandler<T> handler) {
        return subscribe(SubscriptionOptions.pattern(pattern), type, handler);
    }

    @Override
    public <T> Subscription subscribe(SubscriptionOptions options, Class<T> type, MessageHandler<T> handler) {
        return subscribe(options, (Type) Objects.requireNonNull(type, "type must not be null"), handler);
    }

    @Override
    public <T> Subscription subscribe(SubscriptionOptions options, ParameterizedTypeReference<T> type,
            MessageHandler<T> handler) {
        return subscribe(options, Objects.requireNonNull(type, "type must not be null").getType(), handler);
    }

    /**
     * Subscribes a handler whose payload type is given as a reflective {@link Type} (used by the
     * annotation support, which reads the type from the method signature).
     * @param options the subscription options
     * @param type the payload type
     * @param handler the handler
     * @param <T> the payload type
     * @return the running subscription
     */
    public <T> Subscription subscribe(SubscriptionOptions options, Type type, MessageHandler<T> handler) {
        return subscriptionFactory.single(options, type, handler, failures, false);
    }

    @Override
    public <T> Subscription subscribeBatch(SubscriptionOptions options, Class<T> type, BatchMessageHandler<T> handler) {
        return subscriptionFactory.batch(options, Objects.requireNonNull(type, "type must not be null"), handler,
                failures);
    }

    @Override
    public <T> Subscription subscribeBatch(SubscriptionOptions options, ParameterizedTypeReference<T> type,
            BatchMessageHandler<T> handler) {
        return subscriptionFactory.batch(options, Objects.requireNonNull(type, "type must not be null").getType(),
                handler, failures);
    }

    @Override
    public <R> CompletableFuture<Message<R>> request(String topic, Object data, Class<R> replyType) {
        return request(topic, data, replyType, requestTimeout);
    }

    @Override
    public <R> CompletableFuture<Message<R>> request(String topic, Object data, Class<R> replyType, Duration timeout) {
        return request(topic, data, (Type) Objects.requireNonNull(replyType, "replyType must not be null"), timeout);
    }

    /**
     * Request/reply with a generic reply type.
     * @param topic the request topic
     * @param data the request payload
     * @param replyType the generic reply type
     * @param timeout how long to wait
     * @param <R> the reply type
     * @return a future of the reply
     */
    public <R> CompletableFuture<Message<R>> request(String topic, Object data, ParameterizedTypeReference<R> replyType,
            Duration timeout) {
        return request(topic, data, Objects.requireNonNull(replyType, "replyType must not be null").getType(), timeout);
    }

    private <R> CompletableFuture<Message<R>> request(String topic, Object data, Type replyType, Duration timeout) {
        PendingReplies.Single<R> pending = new PendingReplies.Single<>(RequestReplyManager.newCorrelationId(), topic,
                replyType, timeout);
        return requests.send(pending, List.of(topic), data);
    }

    @Override
    public <R> CompletableFuture<List<Message<R>>> scatter(String topic, Object data, Class<R> replyType, Duration timeout,
            int minResponses, int maxResponses) {
        Objects.requireNonNull(replyType, "replyType must not be null");
        if (minResponses < 0 || maxResponses < 1 || minResponses > maxResponses) {
            throw new IllegalArgumentException("scatter needs 0 <= minResponses <= maxResponses and maxResponses >= 1, was min="
                    + minResponses + ", max=" + maxResponses);
        }
        PendingReplies.Scatter<R> pending = new PendingReplies.Scatter<>(RequestReplyManager.newCorrelationId(), topic,
                replyType, timeout, minResponses, maxResponses);
        return requests.send(pending, List.of(topic), data);
    }

    @Override
    public <R> CompletableFuture<Message<R>> requestFirst(List<String> topics, Object data, Class<R> replyType,
            Duration timeout) {
        Objects.requireNonNull(replyType, "replyType must not be null");
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("requestFirst needs at least one topic");
        }
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(topics));
        PendingReplies.First<R> pending = new PendingReplies.First<>(RequestReplyManager.newCorrelationId(), distinct,
                replyType, timeout);
        return requests.send(pending, distinct, data);
    }

    @Override
    public <Q, R> Subscription respond(String topic, String group, Class<Q> requestType, RequestHandler<Q, R> handler) {
        return respond(SubscriptionOptions.pattern(topic).group(group), requestType, handler);
    }

    @Override
    public <Q, R> Subscription respond(SubscriptionOptions options, ParameterizedTypeReference<Q> requestType,
            RequestHandler<Q, R> handler) {
        return respond(options, Objects.requireNonNull(requestType, "requestType must not be null").getType(), handler);
    }

    /**
     * Registers a programmatic responder whose request type is given as a reflective {@link Type}.
     * @param options the subscription options; the ack mode must be {@code AUTO}
     * @param requestType the request payload type
     * @param handler the request handler
     * @param <Q> the request type
     * @param <R> the reply type
     * @return the running subscription
     */
    public <Q, R> Subscription respond(SubscriptionOptions options, Type requestType, RequestHandler<Q, R> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        if (options.ackMode() != AckMode.AUTO) {
            throw new IllegalArgumentException("A responder on '" + options.pattern() + "' must use AckMode.AUTO, not "
                    + options.ackMode());
        }
        ReplySender responderReplies = replies.forResponder(options.group() != null
                ? "group:" + options.group() + "|" + String.join(",", options.patterns())
                : RequestReplyManager.newResponderId());
        return subscriptionFactory.single(options, requestType, new ResponderHandler<>(handler, responderReplies),
                new ReplyingFailureHandling(failures, responderReplies), true);
    }

    /** @return {@code true} once {@link #close()} was called */
    public boolean isClosed() {
        return closing.get();
    }

    /**
     * Closes the bus in this order: no new subscriptions; every subscription paused (no new
     * messages); all subscriptions closed side by side within one {@code shutdownTimeout}, so
     * running handlers finish while publishing still works (their replies, dead letters and
     * downstream messages go out) and queued messages go back to the broker; then publishing is
     * refused, pending requests fail and the timer stops. An interrupt of the closing thread does
     * not cut the drain short (it is kept). Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        List<BusSubscription> open = subscriptionFactory.open();
        open.forEach(BusSubscription::pause);
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        boolean drained = AdapterThreads.closeInParallel("amb-bus-close-", open.stream()
            .<Runnable>map(subscription -> () -> subscription.close(AdapterThreads.remaining(deadline)))
            .toList(), shutdownTimeout.plus(CLOSE_SLACK));
        if (!drained) {
            logger.warn("Message bus of agent '" + agentId() + "': some subscriptions did not close within "
                    + shutdownTimeout + " (amb.shutdown-timeout); closing the bus anyway");
        }
        closed.set(true);
        requests.close();
        timer.shutdownNow();
        workers.shutdown();
        logger.debug("Message bus of agent '" + agentId() + "' closed; " + counters);
    }

    /**
     * Builds a {@link DefaultMessageBus}. Not thread safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final Broker broker;

        private MessageSerializer serializer;

        private List<MessageSerializer> readers = List.of();

        private String agentId = "amb-agent-" + UUID.randomUUID().toString().substring(0, 8);

        private Duration requestTimeout = Duration.ofSeconds(30);

        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private Clock clock = Clock.systemUTC();

        private RetryPolicy retryPolicy = RetryPolicy.none();

        private CircuitBreakerProvider circuitBreakers;

        private DeadLetterSettings deadLetterSettings = DeadLetterSettings.defaults();

        private Duration publishTimeout = Duration.ofSeconds(30);

        private final List<OutboundInterceptor> outboundInterceptors = new ArrayList<>();

        private final List<InboundInterceptor> inboundInterceptors = new ArrayList<>();

        private BusObserver observer = BusObserver.NONE;

        private BusMetrics metrics = BusMetrics.NONE;

        private Builder(Broker broker) {
            this.broker = Objects.requireNonNull(broker, "broker must not be null");
        }

        /**
         * Sets the serializer outgoing payloads are written with (required).
         * @param serializer the writer
         * @return this builder
         */
        public Builder serializer(MessageSerializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
            return this;
        }

        /**
         * Adds serializers for reading messages written in other formats.
         * @param readers the extra readers
         * @return this builder
         */
        public Builder readers(List<MessageSerializer> readers) {
            this.readers = List.copyOf(readers);
            return this;
        }

        /**
         * Sets this agent's id (the {@code source} of its messages).
         * @param agentId an id following {@link AgentIds#RULE}
         * @return this builder
         */
        public Builder agentId(String agentId) {
            if (!AgentIds.isValid(agentId)) {
                throw new IllegalArgumentException("Invalid agent id '" + agentId + "': " + AgentIds.RULE);
            }
            this.agentId = agentId;
            return this;
        }

        /**
         * Sets the default request timeout.
         * @param requestTimeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Sets how long {@link DefaultMessageBus#close()} waits for running handlers.
         * @param shutdownTimeout zero or positive
         * @return this builder
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdown timeout must not be negative, was " + shutdownTimeout);
            }
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * Sets the clock used for message times (tests).
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Sets how failing handlers are retried (by default they are not).
         * @param retryPolicy the policy, e.g. {@code dev.amb.resilience.Resilience4jRetryPolicy}
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
            return this;
        }

        /**
         * Sets the circuit breakers guarding listeners and publishing (by default there are none).
         * @param circuitBreakers the provider, e.g. {@code dev.amb.resilience.Resilience4jCircuitBreakers}
         * @return this builder
         */
        public Builder circuitBreakers(CircuitBreakerProvider circuitBreakers) {
            this.circuitBreakers = circuitBreakers;
            return this;
        }

        /**
         * Sets where and whether dead letters go.
         * @param deadLetterSettings the settings
         * @return this builder
         */
        public Builder deadLetters(DeadLetterSettings deadLetterSettings) {
            this.deadLetterSettings = Objects.requireNonNull(deadLetterSettings, "deadLetterSettings must not be null");
            return this;
        }

        /**
         * Sets how long a publish may wait for the broker's confirmation before it fails.
         * @param publishTimeout a positive duration
         * @return this builder
         */
        public Builder publishTimeout(Duration publishTimeout) {
            if (publishTimeout == null || publishTimeout.isZero() || publishTimeout.isNegative()) {
                throw new IllegalArgumentException("publish timeout must be positive, was " + publishTimeout);
            }
            this.publishTimeout = publishTimeout;
            return this;
        }

        /**
         * Sets where the bus's meters are registered (by default nowhere; its counts are still
         * kept, see {@link DefaultMessageBus#counters()}).
         * @param metrics the meter binding, e.g. {@code dev.amb.observability.MicrometerBusMetrics}
         * @return this builder
         */
        public Builder metrics(BusMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics must not be null");
            return this;
        }

        /**
         * Adds outbound interceptors (run in {@code Ordered} order on every envelope sent).
         * @param interceptors the interceptors
         * @return this builder
         */
        public Builder outboundInterceptors(List<? extends OutboundInterceptor> interceptors) {
            interceptors.forEach(interceptor -> this.outboundInterceptors.add(Objects.requireNonNull(interceptor,
                    "outbound interceptor")));
            return this;
        }

        /**
         * Adds inbound interceptors (run in {@code Ordered} order on every message received by a subscription).
         * @param interceptors the interceptors
         * @return this builder
         */
        public Builder inboundInterceptors(List<? extends InboundInterceptor> interceptors) {
            interceptors.forEach(interceptor -> this.inboundInterceptors.add(Objects.requireNonNull(interceptor,
                    "inbound interceptor")));
            return this;
        }

        /**
         * Sets what observes this bus's sends, handler invocations and requests (by default
         * nothing), e.g. {@code dev.amb.observability.ObservationBusObserver} for Micrometer
         * observations and trace propagation.
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(BusObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer must not be null");
            return this;
        }

        /** @return the bus */
        public DefaultMessageBus build() {
            if (serializer == null) {
                throw new IllegalStateException("A DefaultMessageBus needs a serializer; call serializer(...)");
            }
            return new DefaultMessageBus(this);
        }
    }
}
