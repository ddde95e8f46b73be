package dev.amb.core;

import java.lang.reflect.Type;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.amb.AckMode;
import dev.amb.BatchMessageHandler;
import dev.amb.MessageHandler;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Retrier;
import dev.amb.spi.RetryPolicy;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.topic.TopicPattern;

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

    private final Set<BusSubscription> open = ConcurrentHashMap.newKeySet();

    private final AtomicLong sequence = new AtomicLong();

    SubscriptionFactory(Broker broker, PayloadCodec codec, BusCounters counters, Clock clock, RetryPolicy retryPolicy,
            CircuitBreakerProvider circuitBreakers, ScheduledExecutorService timer, Executor workers,
            BooleanSupplier closed) {
        this.broker = broker;
        this.codec = codec;
        this.counters = counters;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.circuitBreakers = circuitBreakers;
        this.timer = timer;
        this.workers = workers;
        this.closed = closed;
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
        DeliveryProcessor<T> processor = new DeliveryProcessor<>(preparer(context, failures), handler, counters, retrier,
                gate);
        return start(context, processor, gate, () -> {
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
        BatchProcessor<T> processor = new BatchProcessor<>(preparer(context, failures), handler, counters,
                retryPolicy.forSubscription(context.id(), context.options()), timer, workers);
        return start(context, processor, null, processor::drain, failures);
    }

    private SubscriptionContext context(SubscriptionOptions options, Type type) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(type, "type must not be null");
        TopicPattern pattern = TopicPattern.of(options.pattern());
        if (closed.getAsBoolean()) {
            throw new IllegalStateException("The message bus is closed; cannot subscribe to '" + options.pattern() + "'");
        }
        String id = options.id() != null ? options.id()
                : options.pattern() + (options.group() != null ? "[" + options.group() + "]" : "") + "#"
                        + sequence.incrementAndGet();
        return new SubscriptionContext(id, pattern, options, type);
    }

    private <T> InboundPreparer<T> preparer(SubscriptionContext context, FailureHandling failures) {
        return new InboundPreparer<>(context, broker.capabilities().exactPatterns(), codec, failures, counters, clock);
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

    private Subscription start(SubscriptionContext context, DeliveryHandler processor, BreakerGate gate, Runnable drain,
            FailureHandling failures) {
        SubscriptionOptions options = context.options();
        Runnable beforeClose = gate == null ? drain : () -> {
            gate.close();
            drain.run();
        };
        BusSubscription subscription = new BusSubscription(context, beforeClose, closedSubscription -> {
            open.remove(closedSubscription);
            failures.forget(context);
        });
        SubscriptionSpec spec = new SubscriptionSpec(context.id(), context.pattern().value(), options.group(),
                options.concurrency());
        open.add(subscription);
        try {
            BrokerSubscription brokerSubscription = broker.subscribe(spec, processor);
            subscription.attach(brokerSubscription);
            if (gate != null) {
                gate.attach(brokerSubscription);
            }
        }
        catch (RuntimeException ex) {
            open.remove(subscription);
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
