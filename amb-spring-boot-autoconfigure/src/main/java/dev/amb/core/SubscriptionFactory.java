package dev.amb.core;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.amb.AckMode;
import dev.amb.BatchMessageHandler;
import dev.amb.MessageHandler;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.BusObserver;
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Retrier;
import dev.amb.spi.RetryPolicy;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.PatternSet;

/**
 * Assembles subscriptions: validates the pattern and options, builds the inbound pipeline (a
 * {@link DeliveryProcessor} or {@link BatchProcessor} with its retrier and, when named, its
 * circuit breaker gate), subscribes it at the broker and keeps the bus's list of open
 * subscriptions. Thread safe.
 */
final class SubscriptionFactory {

    private final Broker broker;

    private final PayloadCodec codec;

    private final BusCounters counters;

    private final Clock clock;

    private final RetryPolicy retryPolicy;

    private final CircuitBreakerProvider circuitBreakers;

    private final ScheduledExecutorService timer;

    private final Executor workers;

    private final BooleanSupplier closed;

    private final InterceptorChain interceptors;
    private final BusObserver observer;

    /** How long closing a batch subscription waits for its handler when no grace period is given. */
    private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

    private final Set<BusSubscription> open = ConcurrentHashMap.newKeySet();

    private final AtomicLong sequence = new AtomicLong();

    SubscriptionFactory(Broker broker, PayloadCodec codec, BusCounters counters, Clock clock, RetryPolicy retryPolicy,
            CircuitBreakerProvider circuitBreakers, ScheduledExecutorService timer, Executor workers,
            BooleanSupplier closed, InterceptorChain interceptors, BusObserver observer) {
        this.interceptors = interceptors;
        this.broker = broker;
        this.codec = codec;
        this.counters = counters;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.circuitBreakers = circuitBreakers;
        this.timer = timer;
        this.workers = workers;
        this.closed = closed;
        this.observer = observer;
    }

    /** @return the subscriptions still open */
    List<BusSubscription> open() {
        return List.copyOf(open);
    }

    /**
     * A single-message subscription; responders make exactly one attempt (their failures become
     * error replies, not retries).
     */
    <T> Subscription single(SubscriptionOptions options, Type type, MessageHandler<T> handler, FailureHandling failures,
            boolean responder) {
        Objects.requireNonNull(handler, "handler must not be null");
        if (options != null && options.ackMode() == AckMode.BATCH) {
            throw new IllegalArgumentException("Subscription to '" + options.pattern()
                    + "' uses AckMode.BATCH: subscribe a BatchMessageHandler with subscribeBatch(...)");
        }
        SubscriptionContext context = context(options, type);
        Retrier retrier = responder ? Retrier.SINGLE_ATTEMPT : retryPolicy.forSubscription(context.id(), context.options());
        BreakerGate gate = gate(context);
        DeliveryProcessor<T> processor = new DeliveryProcessor<>(preparer(context, failures), handler, retrier, gate,
                new Observed(observer, spec(context)));
        return start(context, processor, gate, grace -> {
        }, failures);
    }

    <T> Subscription batch(SubscriptionOptions options, Type type, BatchMessageHandler<T> handler,
            FailureHandling failures) {
        Objects.requireNonNull(handler, "handler must not be null");
        if (options != null && options.ackMode() != AckMode.BATCH) {
            throw new IllegalArgumentException("subscribeBatch to '" + options.pattern() + "' needs AckMode.BATCH, not "
                    + options.ackMode());
        }
        SubscriptionContext context = context(options, type);
        if (context.options().circuitBreaker() != null) {
            throw new IllegalArgumentException("Batch subscription to '" + options.pattern() + "' names circuit breaker '"
                    + context.options().circuitBreaker() + "'; circuit breakers guard single-message subscriptions only");
        }
        BatchProcessor<T> processor = new BatchProcessor<>(preparer(context, failures), handler,
                retryPolicy.forSubscription(context.id(), context.options()), timer, workers,
                new Observed(observer, spec(context)));
        return start(context, processor, null, grace -> processor.drain(grace != null ? grace : DEFAULT_DRAIN),
                failures);
    }

    private SubscriptionContext context(SubscriptionOptions options, Type type) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(type, "type must not be null");
        PatternSet patterns = PatternSet.of(options.patterns());
        if (closed.getAsBoolean()) {
            throw new IllegalStateException("The message bus is closed; cannot subscribe to " + options.patterns());
        }
        interceptors.beforeSubscribe(options.patterns(), options.group());
        // subscriptions without an id share counters (and meters) with their likes: no sequence in the key
        String key = options.id() != null ? options.id()
                : String.join(",", options.patterns()) + (options.group() != null ? "[" + options.group() + "]" : "");
        String id = options.id() != null ? options.id() : key + "#" + sequence.incrementAndGet();
        return new SubscriptionContext(id, patterns, options, type,
                counters.subscription(key, options.patterns(), options.group()));
    }

    private static SubscriptionSpec spec(SubscriptionContext context) {
        SubscriptionOptions options = context.options();
        return SubscriptionSpec.of(context.id(), options.patterns(), options.group(), options.concurrency());
    }

    /** The bus's observer and the subscription it observes, for the inbound processors. */
    record Observed(BusObserver observer, SubscriptionSpec subscription) {
    }

    private <T> InboundPreparer<T> preparer(SubscriptionContext context, FailureHandling failures) {
        return new InboundPreparer<>(context, broker.capabilities().exactPatterns(), codec, failures, clock,
                interceptors);
    }

    private BreakerGate gate(SubscriptionContext context) {
        String name = context.options().circuitBreaker();
        if (name == null) {
            return null;
        }
        if (circuitBreakers == null) {
            throw new IllegalStateException("Subscription '" + context.id() + "' names circuit breaker '" + name
                    + "', but this bus has no circuit breakers: put Resilience4j on the class path (the AMB starter does)"
                    + " or set DefaultMessageBus.Builder.circuitBreakers(...)");
        }
        return new BreakerGate(circuitBreakers.listenerBreaker(name), timer);
    }

    private Subscription start(SubscriptionContext context, DeliveryHandler processor, BreakerGate gate,
            Consumer<Duration> drain, FailureHandling failures) {
        SubscriptionOptions options = context.options();
        Consumer<Duration> beforeClose = gate == null ? drain : grace -> {
            gate.close();
            drain.accept(grace);
        };
        BusSubscription subscription = new BusSubscription(context, gate, beforeClose, closedSubscription -> {
            open.remove(closedSubscription);
            context.counters().closed(closedSubscription);
            failures.forget(context);
        });
        SubscriptionSpec spec = spec(context);
        open.add(subscription);
        context.counters().opened(subscription);
        try {
            BrokerSubscription brokerSubscription = broker.subscribe(spec, processor);
            if (!subscription.attach(brokerSubscription)) {
                throw new IllegalStateException("The message bus is closed; cannot subscribe to " + options.patterns());
            }
            if (gate != null) {
                context.counters().breaker(gate.breaker());
                gate.attach(subscription.breakerControl());
            }
        }
        catch (RuntimeException ex) {
            open.remove(subscription);
            context.counters().closed(subscription);
            if (gate != null) {
                gate.close();
            }
            throw ex;
        }
        if (closed.getAsBoolean()) {
            subscription.close();
            throw new IllegalStateException("The message bus is closed; cannot subscribe to '" + options.pattern() + "'");
        }
        return subscription;
    }
}
