package dev.amb.broker.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;
import dev.amb.MessageRejectedException;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.AdapterThreads;
import dev.amb.spi.support.BinaryEnvelopeCodec;
import dev.amb.topic.TopicPattern;
import dev.amb.topic.TopicTrie;

/**
 * The in-memory broker.
 *
 * <p><b>Semantics:</b> at-most-once. A broadcast subscription receives every message published
 * after it started; the members of a group share the messages (each to exactly one member). Each
 * subscription has its own bounded queue of {@link Settings#maxQueueSize()} messages. When a
 * subscription's queue is full, the message is still delivered to every other matching
 * subscription and the publisher's future fails with a {@link MessageRejectedException} naming
 * the full subscription(s): nothing is dropped without the publisher knowing. Messages queued
 * for a closing broadcast subscription are discarded and counted in a warning; those queued for a
 * closing group member move to the remaining members. Closing the broker counts the redeliveries
 * still waiting for their delay as discarded ({@link #discardedCount()}) and fails the futures of
 * publishes still waiting for their latency ({@link #droppedPublishCount()}).
 *
 * <p><b>Threading:</b> {@code publish} routes the message on the calling thread (or, with
 * {@link Settings#latency()}, on the broker's timer thread after the delay). Handlers run on a
 * cached pool of daemon threads named {@code amb-memory-<n>[subscription-id]} while they work; each
 * subscription uses at most its concurrency of them, and none while idle. With concurrency 1 a
 * subscription sees messages in publish order.
 *
 * <p><b>Chaos:</b> {@link Settings#latency()} delays every delivery; {@link Settings#failureRate()}
 * makes that fraction of publishes fail (the future fails, nothing is delivered), to exercise the
 * publisher's error handling and circuit breakers.
 *
 * <p>Several application contexts in one JVM can share one instance to form a multi-agent
 * system in one process.
 *
 * @since 0.1.0
 */
public final class MemoryBroker implements Broker {

    private static final Log logger = LogFactory.getLog(MemoryBroker.class);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Settings settings;

    private final TopicTrie<MemoryRoute> routes = new TopicTrie<>();

    private final Map<String, MemoryGroup> groups = new HashMap<>();

    private final Set<MemoryConsumer> consumers = ConcurrentHashMap.newKeySet();

    private final Object registrationLock = new Object();

    private final ExecutorService deliveryExecutor;

    private final ScheduledExecutorService timer;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder discarded = new LongAdder();

    private final LongAdder droppedPublishes = new LongAdder();

    /** Delayed redeliveries and latency-delayed publishes not run yet; closing drops and counts them. */
    private final Set<Delayed> delayed = ConcurrentHashMap.newKeySet();

    private final LongAdder multiPatternRoutes = new LongAdder();

    /**
     * The routes of recently published topics, each stamped with the {@link #routesVersion} it was
     * computed under; an entry from an older version is recomputed, so a subscribe or unsubscribe
     * takes effect for the very next publish. At most {@value #MAX_CACHED_TOPICS} topics (the cache
     * starts over when full).
     */
    private final Map<String, CachedRoutes> routeCache = new ConcurrentHashMap<>();

    /** Incremented after every change of {@link #routes}. */
    private final AtomicLong routesVersion = new AtomicLong();

    private static final int MAX_CACHED_TOPICS = 10_000;

    private record CachedRoutes(long version, List<MemoryRoute> targets) {
    }

    private final String threadPrefix = "amb-memory-" + INSTANCES.incrementAndGet();

    /** Creates a memory broker with the default settings. */
    public MemoryBroker() {
        this(Settings.defaults());
    }

    /**
     * Creates a memory broker.
     * @param settings queue size, chaos and shutdown settings
     */
    public MemoryBroker(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deliveryExecutor = AdapterThreads.workers(threadPrefix + "-worker-");
        this.timer = AdapterThreads.timer(threadPrefix + "-timer-");
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public BrokerCapabilities capabilities() {
        return BrokerCapabilities.memory();
    }

    /** @return the settings this broker runs with */
    public Settings settings() {
        return settings;
    }

    /** @return how many accepted messages were discarded because their subscription closed first */
    public long discardedCount() {
        return discarded.sum();
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new AmbException("The memory broker is closed; cannot publish to '"
                    + envelope.topic() + "'"));
        }
        if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            return CompletableFuture.failedFuture(new AmbException("Simulated broker failure publishing to '"
                    + envelope.topic() + "' (amb.memory.failure-rate=" + settings.failureRate() + ")"));
        }
        byte[] bytes = BinaryEnvelopeCodec.encode(envelope);
        if (settings.latency().isZero()) {
            return route(envelope.topic(), bytes);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        schedule(settings.latency(), () -> route(envelope.topic(), bytes).whenComplete((ok, ex) -> {
            if (ex != null) {
                result.completeExceptionally(ex);
            }
            else {
                result.complete(null);
            }
        }), () -> {
            droppedPublishes.increment();
            result.completeExceptionally(new AmbException("The memory broker closed before the publish to '"
                    + envelope.topic() + "' was delivered (amb.memory.latency=" + settings.latency()
                    + "); nothing was delivered"));
        });
        return result;
    }

    private CompletableFuture<Void> route(String topic, byte[] bytes) {
        List<MemoryRoute> targets = targets(topic);
        List<String> full = null;
        Frame frame = new Frame(bytes, 1);
        for (MemoryRoute target : targets) {
            if (target.offer(frame) == MemoryRoute.Offer.FULL) {
                if (full == null) {
                    full = new ArrayList<>(2);
                }
                full.add(target.name());
            }
        }
        if (full == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(new MessageRejectedException("Message to '" + topic
                + "' was not delivered to subscription(s) " + full + ": queue full (amb.memory.max-queue-size="
                + settings.maxQueueSize() + "); it was delivered to the other " + (targets.size() - full.size())
                + " matching subscription(s)"));
    }

    /** @return the distinct routes matching the topic, from the cache when it is current */
    private List<MemoryRoute> targets(String topic) {
        long version = routesVersion.get(); // read before matching: a change during the match outdates the entry
        CachedRoutes cached = routeCache.get(topic);
        if (cached != null && cached.version() == version) {
            return cached.targets();
        }
        List<MemoryRoute> targets = List.copyOf(distinct(routes.match(topic)));
        if (routeCache.size() >= MAX_CACHED_TOPICS) {
            routeCache.clear();
        }
        routeCache.put(topic, new CachedRoutes(version, targets));
        return targets;
    }

    /** A route registered under several patterns matches once per pattern; it gets one copy. */
    private List<MemoryRoute> distinct(List<MemoryRoute> targets) {
        if (targets.size() < 2 || multiPatternRoutes.sum() == 0) {
            return targets;
        }
        Set<MemoryRoute> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<MemoryRoute> out = new ArrayList<>(targets.size());
        for (MemoryRoute target : targets) {
            if (seen.add(target)) {
                out.add(target);
            }
        }
        return out;
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler");
        List<TopicPattern> patterns = spec.patterns().stream().map(TopicPattern::of).toList();
        MemoryConsumer consumer = new MemoryConsumer(this, spec, patterns, handler);
        synchronized (registrationLock) {
            if (closed.get()) {
                throw new IllegalStateException("The memory broker is closed; cannot subscribe to " + spec.patterns());
            }
            if (spec.grouped()) {
                MemoryGroup group = groups.computeIfAbsent(spec.groupKey().id(), key -> {
                    MemoryGroup created = new MemoryGroup(spec.groupKey(), patterns);
                    countRoute(patterns, 1);
                    patterns.forEach(pattern -> routes.add(pattern, created));
                    return created;
                });
                group.add(consumer);
            }
            else {
                countRoute(patterns, 1);
                patterns.forEach(pattern -> routes.add(pattern, consumer));
            }
            routesVersion.incrementAndGet();
            consumers.add(consumer);
        }
        return consumer;
    }

    private void countRoute(List<TopicPattern> patterns, int delta) {
        if (patterns.size() > 1) {
            multiPatternRoutes.add(delta);
        }
    }

    void unregister(MemoryConsumer consumer) {
        synchronized (registrationLock) {
            consumers.remove(consumer);
            SubscriptionSpec spec = consumer.spec();
            if (spec.grouped()) {
                String key = spec.groupKey().id();
                MemoryGroup group = groups.get(key);
                if (group != null && group.remove(consumer)) {
                    groups.remove(key);
                    group.patterns().forEach(pattern -> routes.remove(pattern, group));
                    countRoute(group.patterns(), -1);
                }
            }
            else {
                consumer.patterns().forEach(pattern -> routes.remove(pattern, consumer));
                countRoute(consumer.patterns(), -1);
            }
            routesVersion.incrementAndGet();
        }
    }

    /** @return the prefix of every thread this broker creates, e.g. {@code amb-memory-3} */
    String threadPrefix() {
        return threadPrefix;
    }

    ExecutorService deliveryExecutor() {
        return deliveryExecutor;
    }

    /** Schedules a redelivery; one the broker closes before is counted as discarded. */
    void schedule(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            task.run();
            return;
        }
        schedule(delay, task, () -> discarded("(redelivery)", 1, "the broker closed before the redelivery was due"));
    }

    /**
     * Runs {@code task} after {@code delay} on the timer, or {@code onDrop} (exactly one of them) when
     * the broker closes first: closing drops no delayed task without saying so.
     */
    private void schedule(Duration delay, Runnable task, Runnable onDrop) {
        Delayed delayedTask = new Delayed(task, onDrop);
        delayed.add(delayedTask);
        try {
            timer.schedule(delayedTask, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            delayedTask.drop();
        }
        if (closed.get() && timer.isShutdown()) {
            delayedTask.drop(); // raced close(): it may have swept the set before this task was added
        }
    }

    /** A task on the timer that either runs or is dropped (counted) by closing, never neither. */
    private final class Delayed implements Runnable {

        private final Runnable task;

        private final Runnable onDrop;

        private final AtomicBoolean claimed = new AtomicBoolean();

        Delayed(Runnable task, Runnable onDrop) {
            this.task = task;
            this.onDrop = onDrop;
        }

        private boolean claim() {
            if (claimed.compareAndSet(false, true)) {
                delayed.remove(this);
                return true;
            }
            return false;
        }

        @Override
        public void run() {
            if (claim()) {
                task.run();
            }
        }

        void drop() {
            if (claim()) {
                onDrop.run();
            }
        }
    }

    void discarded(String subscription, int count, String why) {
        discarded.add(count);
        logger.warn("Memory broker discarded " + count + " message(s) for subscription '" + subscription + "' because "
                + why + " (the memory broker is at-most-once)");
    }

    /** @return a problem once the broker is closed */
    @Override
    public String connectionProblem() {
        return isClosed() ? "the memory broker is closed" : null;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        List<MemoryConsumer> open;
        synchronized (registrationLock) {
            open = new ArrayList<>(consumers);
        }
        for (MemoryConsumer consumer : open) {
            consumer.close(AdapterThreads.remaining(deadline));
        }
        AdapterThreads.stop(timer, deliveryExecutor, AdapterThreads.remaining(deadline));
        List.copyOf(delayed).forEach(Delayed::drop);
    }

    /** @return how many publishes failed because the broker closed during their latency delay */
    public long droppedPublishCount() {
        return droppedPublishes.sum();
    }

    /** @return {@code true} once {@link #close()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Settings of the memory broker ({@code amb.memory.*}).
     *
     * @param maxQueueSize the capacity of each subscription's queue
     * @param latency a delay added to every delivery (chaos testing); zero for none
     * @param failureRate the fraction of publishes that fail (chaos testing), 0.0 to 1.0
     * @param shutdownGrace how long closing waits for running handlers
     *
     * @since 0.1.0
     */
    public record Settings(int maxQueueSize, Duration latency, double failureRate, Duration shutdownGrace) {

        /**
         * Validates the settings.
         * @param maxQueueSize 1 or more
         * @param latency zero or positive
         * @param failureRate between 0.0 and 1.0
         * @param shutdownGrace zero or positive
         */
        public Settings {
            if (maxQueueSize < 1) {
                throw new IllegalArgumentException("amb.memory.max-queue-size must be 1 or more, was " + maxQueueSize);
            }
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("amb.memory.latency must not be negative, was " + latency);
            }
            if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
                throw new IllegalArgumentException("amb.memory.failure-rate must be between 0.0 and 1.0, was "
                        + failureRate);
            }
            Objects.requireNonNull(shutdownGrace, "shutdownGrace");
            if (shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("shutdown grace must not be negative, was " + shutdownGrace);
            }
        }

        /** @return 10,000 messages per queue, no latency, no failures, 10 s shutdown grace */
        public static Settings defaults() {
            return new Settings(10_000, Duration.ZERO, 0.0, Duration.ofSeconds(10));
        }

        /**
         * @param maxQueueSize the new queue capacity
         * @return a copy with the capacity changed
         */
        public Settings withMaxQueueSize(int maxQueueSize) {
            return new Settings(maxQueueSize, latency, failureRate, shutdownGrace);
        }

        /**
         * @param latency the new delivery latency
         * @return a copy with the latency changed
         */
        public Settings withLatency(Duration latency) {
            return new Settings(maxQueueSize, latency, failureRate, shutdownGrace);
        }

        /**
         * @param failureRate the new failure rate
         * @return a copy with the failure rate changed
         */
        public Settings withFailureRate(double failureRate) {
            return new Settings(maxQueueSize, latency, failureRate, shutdownGrace);
        }

        /**
         * @param shutdownGrace the new grace period
         * @return a copy with the grace period changed
         */
        public Settings withShutdownGrace(Duration shutdownGrace) {
            return new Settings(maxQueueSize, latency, failureRate, shutdownGrace);
        }
    }
}
