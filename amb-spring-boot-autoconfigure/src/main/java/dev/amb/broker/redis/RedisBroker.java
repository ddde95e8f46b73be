package dev.amb.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.amb.AmbException;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.AdapterThreads;
import dev.amb.spi.support.PatternSet;
import dev.amb.topic.TopicPattern;

/**
 * The Redis broker, on Lettuce, in one of two modes chosen by
 * {@link RedisBrokerSettings#useStreams()}.
 *
 * <p><b>Pub/sub</b> (the default): at-most-once, lowest latency. Topics are channels, messages
 * structured CloudEvents (JSON). Wildcard patterns are {@code PSUBSCRIBE} globs at least as broad
 * as the pattern; the bus filters exactly. Messages published while a subscriber is not connected,
 * or arriving while its queue is full, are lost. Groups share messages through a claim per message
 * ({@code SET NX PX}), so each message reaches at most one member of a group.
 *
 * <p><b>Streams</b>: durable, at-least-once. Topics are streams, messages entries in CloudEvents
 * binary mode, trimmed to about {@code amb.redis.stream-max-len} entries. AMB groups are Redis
 * consumer groups; each broadcast subscription has a group of its own. An entry is acknowledged
 * ({@code XACK}) after its handler; the entries of a consumer that died are claimed by another
 * member after {@code amb.redis.claim-idle-time}, with their delivery count.
 *
 * <p>In both modes request/reply inboxes use pub/sub ({@link RedisNames}), and
 * {@link dev.amb.spi.Delivery#nack(Duration)} redelivers through the adapter's timer.
 *
 * <p><b>Connections:</b> the constructor opens {@code amb.redis.pool-size} command connections
 * and fails with an {@link AmbException} naming the address when Redis is unreachable. Later,
 * Lettuce reconnects by itself and subscriptions resume; publishing while disconnected fails at
 * once. A pub/sub connection opens with the first subscription, and each Streams subscription has
 * a connection of its own for its blocking reads.
 *
 * <p><b>Threading:</b> all methods are thread safe; {@code publish} never blocks, its future
 * completes on a Lettuce event loop thread. {@code subscribe} blocks until Redis has confirmed
 * the subscription. Handlers run on the broker's worker threads, never on Lettuce's.
 *
 * <p><b>Closing:</b> closes every subscription side by side (waiting up to the shutdown grace, in
 * all, for running handlers and the clean-up in Redis), the broker's connections and threads, and the {@link RedisConnector} (which shuts
 * down only a client AMB created). Idempotent.
 *
 * @since 0.1.0
 */
public final class RedisBroker implements Broker {

    private static final BrokerCapabilities PUB_SUB = new BrokerCapabilities(false, true, true, false, false, false, -1);

    private static final BrokerCapabilities STREAMS = new BrokerCapabilities(true, true, true, false, true, false, -1);

    private final RedisConnector connector;

    private final RedisRuntime runtime;

    private final PubSubTransport pubSub;

    private final StreamTransport streams;

    private final Set<RedisSubscription> open = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the broker and connects.
     * @param connector where the connections come from; closed with the broker
     * @param settings the mode and its settings
     * @throws AmbException when Redis cannot be reached
     */
    public RedisBroker(RedisConnector connector, RedisBrokerSettings settings) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.runtime = new RedisRuntime(connector, Objects.requireNonNull(settings, "settings"));
        this.pubSub = new PubSubTransport(runtime);
        this.streams = settings.useStreams() ? new StreamTransport(runtime) : null;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public BrokerCapabilities capabilities() {
        return streams != null ? STREAMS : PUB_SUB;
    }

    /** @return the settings this broker runs with */
    public RedisBrokerSettings settings() {
        return runtime.settings();
    }

    /** @return where this broker's connections come from */
    public RedisConnector connector() {
        return connector;
    }

    /**
     * The client's own view, without a round trip: a command connection or the pub/sub connection
     * that Lettuce is reconnecting.
     * @return why publishing or receiving does not work now, or {@code null} when it does
     */
    @Override
    public String connectionProblem() {
        if (closed.get()) {
            return "the Redis broker is closed";
        }
        String commands = runtime.connectionProblem();
        return commands != null ? commands : pubSub.connectionProblem();
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        String topic = envelope.topic();
        if (closed.get()) {
            return CompletableFuture.failedFuture(new AmbException("The Redis broker is closed; cannot publish to '"
                    + topic + "'"));
        }
        CompletableFuture<?> sent;
        try {
            if (!runtime.link(topic).isOpen()) {
                sent = CompletableFuture.failedFuture(new AmbException("Redis at " + connector.description()
                        + " is not connected (reconnecting); could not publish to '" + topic + "'"));
            }
            else {
                sent = streams != null && !RedisNames.isInbox(topic) ? streams.publish(envelope)
                        : pubSub.publish(envelope);
            }
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(failure(topic, ex));
        }
        return sent.handle((ok, ex) -> {
            if (ex != null) {
                throw new CompletionException(failure(topic, ex));
            }
            return null;
        });
    }

    private AmbException failure(String topic, Throwable ex) {
        Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof AmbException amb) {
            return amb;
        }
        return new AmbException("Redis at " + connector.description() + " failed to publish to '" + topic + "': "
                + cause.getMessage(), cause);
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler");
        if (streams != null && spec.patterns().stream().map(TopicPattern::of).noneMatch(RedisNames::isInbox)) {
            return open(spec, () -> streams.subscribe(spec, handler));
        }
        return PatternSet.subscribeEach(spec, handler, this::subscribeOne);
    }

    /** One pattern on pub/sub (also a request/reply inbox in Streams mode). */
    private BrokerSubscription subscribeOne(SubscriptionSpec spec, DeliveryHandler handler) {
        TopicPattern pattern = TopicPattern.of(spec.patterns().get(0));
        return open(spec, () -> streams != null && !RedisNames.isInbox(pattern)
                ? streams.subscribe(spec, handler) : pubSub.subscribe(spec, pattern, handler));
    }

    private BrokerSubscription open(SubscriptionSpec spec, Supplier<RedisSubscription> opener) {
        String pattern = String.join(", ", spec.patterns());
        if (closed.get()) {
            throw new IllegalStateException("The Redis broker is closed; cannot subscribe to '" + pattern + "'");
        }
        RedisSubscription subscription = opener.get();
        open.add(subscription);
        subscription.onClose(() -> open.remove(subscription));
        if (closed.get()) {
            subscription.close(Duration.ZERO);
            throw new IllegalStateException("The Redis broker is closed; cannot subscribe to '" + pattern + "'");
        }
        return subscription;
    }

    /** @return {@code true} once {@link #close()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + runtime.settings().shutdownGrace().toNanos();
        // side by side, so that the whole close stays within one grace period (review item 18)
        AdapterThreads.inParallel("amb-redis-closer-", List.copyOf(open).stream()
            .<Runnable>map(subscription -> () -> subscription.close(AdapterThreads.remaining(deadline)))
            .toList());
        if (streams != null) {
            streams.close();
        }
        RedisRuntime.awaitQuietly(pubSub.close(), AdapterThreads.remaining(deadline));
        runtime.close(AdapterThreads.remaining(deadline));
        connector.close();
    }

    @Override
    public String toString() {
        return "RedisBroker[" + (streams != null ? "streams" : "pub/sub") + ", " + connector.description() + "]";
    }
}
