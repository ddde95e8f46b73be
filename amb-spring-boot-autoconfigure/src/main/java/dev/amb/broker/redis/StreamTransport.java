package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** The highest sequence number of a stream entry id. */
    private static final String MAX_SEQUENCE = "18446744073709551615";

    private final RedisRuntime runtime;

    /** {@code MAXLEN ~ <stream-max-len>}, or {@code null} for no trimming: built once, Lettuce only reads it. */
    private final XAddArgs trimming;

    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    private final Set<StreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean discovering = new AtomicBoolean();

    private final ScheduledFuture<?> discovery;

    private final ScheduledFuture<?> maintenance;

    StreamTransport(RedisRuntime runtime) {
        this.runtime = runtime;
        long maxLen = runtime.settings().streamMaxLen();
        this.trimming = maxLen > 0 ? XAddArgs.Builder.maxlen(maxLen).approximateTrimming() : null;
        this.discovery = runtime.every(runtime.settings().discoveryInterval(), this::discover);
        Duration maintenancePeriod = runtime.settings().claimIdleTime().dividedBy(3);
        this.maintenance = runtime.every(maintenancePeriod.toMillis() < 10 ? Duration.ofMillis(10) : maintenancePeriod,
                () -> subscriptions.forEach(StreamSubscription::maintain));
    }

    /** @return the {@code XADD} (with the registration, the first time this instance publishes the topic) */
    CompletableFuture<?> publish(Envelope envelope) {
        String topic = envelope.topic();
        RedisClusterAsyncCommands<String, byte[]> commands = runtime.link(topic).commands();
        String key = runtime.names().streamKey(topic);
        Map<String, byte[]> fields = StreamEntryCodec.encode(envelope);
        CompletableFuture<String> added = (trimming != null ? commands.xadd(key, trimming, fields)
                : commands.xadd(key, fields)).toCompletableFuture();
        if (registered.contains(topic)) {
            return added;
        }
        CompletableFuture<Long> registration = runtime.link(runtime.names().registryKey()).commands()
            .sadd(runtime.names().registryKey(), topic.getBytes(StandardCharsets.UTF_8))
            .toCompletableFuture();
        return added.thenCombine(registration, (id, count) -> {
            if (registered.size() >= MAX_REMEMBERED) {
                registered.clear();
            }
            registered.add(topic);
            return null;
        });
    }

    StreamSubscription subscribe(SubscriptionSpec spec, TopicPattern pattern, DeliveryHandler handler) {
        long sequence = runtime.nextSequence();
        String group = spec.grouped() ? runtime.names().group(spec.group())
                : runtime.names().broadcastGroup(runtime.instanceId(), sequence);
        String consumer = runtime.instanceId() + "-" + sequence;
        StreamSubscription subscription = new StreamSubscription(runtime, spec, pattern, handler, group, consumer,
                startId());
        List<String> keys = pattern.isLiteral() ? List.of(runtime.names().streamKey(pattern.value()))
                : registeredTopics().stream()
                    .filter(topic -> !RedisNames.isInbox(topic) && pattern.matches(topic))
                    .map(runtime.names()::streamKey)
                    .toList();
        subscription.start(keys);
        subscriptions.add(subscription);
        subscription.onClose(() -> subscriptions.remove(subscription));
        return subscription;
    }

    /**
     * Where a new subscription's groups start: just before Redis's current time, so that every
     * entry added after {@code subscribe} returns is delivered, also on streams created later.
     */
    private String startId() {
        List<byte[]> time = runtime.await(runtime.link("").commands().time(), "read the server time");
        long seconds = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII));
        long micros = Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII));
        long millis = seconds * 1000 + micros / 1000;
        return (millis - 1) + "-" + MAX_SEQUENCE;
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
        if (subscriptions.stream().allMatch(StreamSubscription::isLiteral) || !discovering.compareAndSet(false, true)) {
            return;
        }
        String registry = runtime.names().registryKey();
        try {
            runtime.link(registry).commands().smembers(registry).whenComplete((members, ex) -> {
                discovering.set(false);
                if (ex != null) {
                    logger.debug("Could not read the topic registry '" + registry + "'", ex);
                    return;
                }
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

    void close() {
        discovery.cancel(false);
        maintenance.cancel(false);
    }
}
