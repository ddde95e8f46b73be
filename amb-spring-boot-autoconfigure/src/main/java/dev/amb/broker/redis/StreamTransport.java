package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.PatternSet;
import dev.amb.topic.TopicPattern;

/**
 * Streams mode: one stream per topic ({@code <key-prefix>stream:<topic>}), entries in CloudEvents
 * binary mode ({@link StreamEntryCodec}), trimmed with {@code XADD MAXLEN ~} on every publish.
 *
 * <p><b>Wildcards:</b> every topic published in Streams mode is added to the registry set
 * {@code <key-prefix>topics} (once per topic and broker instance). A wildcard subscription joins
 * the registered streams it matches when it starts, and looks at the registry again every
 * {@code amb.redis.discovery-interval}: a stream created after it started is read within that
 * interval (plus one round trip), from the subscription's start, so nothing published to it after
 * the subscription started is missed (unless trimmed away first).
 *
 * <p><b>Maintenance:</b> every third of {@code amb.redis.claim-idle-time}, grouped subscriptions
 * renew their pending entries and claim those of dead consumers ({@link StreamMaintenance}).
 *
 * <p><b>Threading:</b> discovery and maintenance run on the broker's timer and only issue
 * asynchronous commands.
 */
final class StreamTransport {

    private static final Log logger = LogFactory.getLog(StreamTransport.class);

    /** The most topics remembered as registered; beyond it the memory starts again (SADD is idempotent). */
    private static final int MAX_REMEMBERED = 100_000;

    private final RedisRuntime runtime;

    /** {@code MAXLEN ~ <stream-max-len>}, or {@code null} for no trimming: built once, Lettuce only reads it. */
    private final XAddArgs trimming;

    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /** Topics whose registration is in flight. */
    private final Set<String> registering = ConcurrentHashMap.newKeySet();

    private final Set<StreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean discovering = new AtomicBoolean();

    private final java.util.concurrent.atomic.AtomicLong lastRebuild = new java.util.concurrent.atomic.AtomicLong();

    private final StreamRegistryRebuild registryRebuild;

    private final ScheduledFuture<?> discovery;

    private final ScheduledFuture<?> maintenance;

    StreamTransport(RedisRuntime runtime) {
        this.runtime = runtime;
        long maxLen = runtime.settings().streamMaxLen();
        this.trimming = maxLen > 0 ? XAddArgs.Builder.maxlen(maxLen).approximateTrimming() : null;
        this.registryRebuild = new StreamRegistryRebuild(runtime);
        this.discovery = runtime.every(runtime.settings().discoveryInterval(), this::discover);
        Duration maintenancePeriod = runtime.settings().claimIdleTime().dividedBy(3);
        this.maintenance = runtime.every(maintenancePeriod.toMillis() < 10 ? Duration.ofMillis(10) : maintenancePeriod,
                () -> subscriptions.forEach(StreamSubscription::maintain));
    }

    /**
     * @return the {@code XADD}, issued at once so a publisher's messages keep their order. The first
     *         time this instance publishes the topic (or after the registry was lost) it also
     *         registers it ({@code SADD}); the publish does not wait for or fail with the
     *         registration, so a retry after a failed registration never writes a duplicate entry.
     *         A failed registration is logged and tried again with the topic's next publish.
     */
    CompletableFuture<?> publish(Envelope envelope) {
        String topic = envelope.topic();
        CompletableFuture<String> added = add(topic, StreamEntryCodec.encode(envelope));
        if (!registered.contains(topic) && registering.add(topic)) {
            register(topic); // one registration in flight per topic, however many publishes wait for none
        }
        return added;
    }

    private void register(String topic) {
        String registry = runtime.names().registryKey();
        CompletableFuture<Long> registration;
        try {
            registration = runtime.link(registry).commands().sadd(registry, topic.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture();
        }
        catch (RuntimeException ex) {
            registration = CompletableFuture.failedFuture(ex);
        }
        registration.whenComplete((count, ex) -> {
            if (ex != null) {
                logger.warn("Could not register topic '" + topic + "' in '" + registry + "' (wildcard subscriptions"
                        + " find its stream once a later publish registers it): " + ex.getMessage());
            }
            else {
                if (registered.size() >= MAX_REMEMBERED) {
                    registered.clear();
                }
                registered.add(topic);
            }
            registering.remove(topic);
        });
    }

    private CompletableFuture<String> add(String topic, Map<String, byte[]> fields) {
        RedisClusterAsyncCommands<String, byte[]> commands = runtime.link(topic).commands();
        String key = runtime.names().streamKey(topic);
        return (trimming != null ? commands.xadd(key, trimming, fields) : commands.xadd(key, fields))
            .toCompletableFuture();
    }

    /**
     * Subscribes natively to every stream one of the spec's patterns matches: one consumer (of the
     * Redis group named after the {@link dev.amb.spi.GroupKey}, or of a broadcast group of its own)
     * reading the union of those streams, so each entry is delivered once.
     */
    StreamSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        PatternSet patterns = PatternSet.of(spec.patterns());
        long sequence = runtime.nextSequence();
        String group = spec.grouped() ? runtime.names().group(spec.groupKey().id())
                : runtime.names().broadcastGroup(runtime.instanceId(), sequence);
        String consumer = runtime.instanceId() + "-" + sequence;
        StreamSubscription subscription = new StreamSubscription(runtime, spec, patterns, handler, group, consumer);
        Set<String> keys = new LinkedHashSet<>();
        boolean wildcards = false;
        for (TopicPattern pattern : patterns.patterns()) {
            if (pattern.isLiteral()) {
                keys.add(runtime.names().streamKey(pattern.value()));
            }
            else {
                wildcards = true;
            }
        }
        if (wildcards) {
            registeredTopics().stream()
                .filter(topic -> !RedisNames.isInbox(topic) && patterns.matches(topic))
                .sorted()
                .forEach(topic -> keys.add(runtime.names().streamKey(topic)));
        }
        subscription.start(keys);
        subscriptions.add(subscription);
        subscription.onClose(() -> subscriptions.remove(subscription));
        return subscription;
    }

    private Set<String> registeredTopics() {
        String registry = runtime.names().registryKey();
        Set<byte[]> members = runtime.await(runtime.link(registry).commands().smembers(registry),
                "read the topic registry '" + registry + "'");
        return decode(members);
    }

    private static Set<String> decode(Set<byte[]> members) {
        Set<String> topics = new java.util.HashSet<>(members.size() * 2);
        members.forEach(member -> topics.add(new String(member, StandardCharsets.UTF_8)));
        return topics;
    }

    private void discover() {
        checkRegistration();
        if (subscriptions.stream().allMatch(StreamSubscription::isLiteral) || !discovering.compareAndSet(false, true)) {
            return;
        }
        String registry = runtime.names().registryKey();
        try {
            runtime.link(registry).commands().smembers(registry).whenComplete((members, ex) -> {
                if (ex != null) {
                    discovering.set(false);
                    logger.debug("Could not read the topic registry '" + registry + "'", ex);
                    return;
                }
                if (members.isEmpty() && rebuildDue()) {
                    registryRebuild.rebuild().whenComplete((found, failure) -> discovering.set(false));
                    return;
                }
                discovering.set(false);
                Set<String> topics = decode(members);
                for (StreamSubscription subscription : subscriptions) {
                    if (!subscription.isLiteral()) {
                        subscription.discover(topics);
                    }
                }
            });
        }
        catch (RuntimeException ex) {
            discovering.set(false);
            logger.debug("Could not read the topic registry '" + registry + "'", ex);
        }
    }

    /**
     * A publisher remembers which topics it registered; when the registry is gone (Redis restarted
     * without persistence, a failover, {@code FLUSHDB}) it forgets them, so its next publish of each
     * registers it again (review item 8).
     */
    private void checkRegistration() {
        if (registered.isEmpty()) {
            return;
        }
        String registry = runtime.names().registryKey();
        try {
            runtime.link(registry).commands().exists(registry).whenComplete((count, ex) -> {
                if (ex == null && count == 0 && !registered.isEmpty()) {
                    logger.info("The topic registry '" + registry + "' is gone; registering topics again as they are"
                            + " published");
                    registered.clear();
                }
            });
        }
        catch (RuntimeException ex) {
            logger.debug("Could not check the topic registry '" + registry + "'", ex);
        }
    }

    /** @return {@code true} at most once every ten discovery intervals */
    private boolean rebuildDue() {
        long now = System.nanoTime();
        long last = lastRebuild.get();
        long spacing = runtime.settings().discoveryInterval().toNanos() * 10;
        return (last == 0 || now - last >= spacing) && lastRebuild.compareAndSet(last, now);
    }

    void close() {
        discovery.cancel(false);
        maintenance.cancel(false);
    }
}
