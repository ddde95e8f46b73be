package dev.amb.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;

import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.BoundedDispatcher;
import dev.amb.topic.TopicPattern;

/**
 * One subscription in Streams mode: a consumer ({@link #consumer()}) of a Redis consumer group
 * ({@code <consumer-group>:<group>}, or a group of its own for a broadcast subscription) on every
 * stream its pattern matches.
 *
 * <p>Entries are read ahead by a {@link StreamReader} up to {@code amb.redis.prefetch}
 * unacknowledged ones, queued, and handled by at most the subscription's concurrency of worker
 * threads. Every entry read stays in this subscription's bookkeeping until it is settled:
 * <ul>
 * <li>{@code ack}/{@code reject}: {@code XACK};</li>
 * <li>{@code nack(delay)}: the entry stays pending; after the delay it is claimed again
 * ({@code XCLAIM}, which raises its delivery count) and queued with the next attempt number;</li>
 * <li>a grouped subscription renews its unsettled entries every third of
 * {@code amb.redis.claim-idle-time} ({@code XCLAIM ... JUSTID}), so only the entries of a consumer
 * that stopped renewing (it died) become idle long enough for {@link #maintain() another member}
 * to claim them, with their delivery count from the pending entries list.</li>
 * </ul>
 *
 * <p><b>Closing</b> stops new deliveries, waits for running handlers, stops the reader and then: a
 * broadcast subscription destroys its group; a grouped one hands its unsettled entries back (marks
 * them idle so that the next claim by another member takes them) and removes its consumer when
 * nothing is left pending for it.
 *
 * <p><b>Threading:</b> entries are queued on Lettuce event loop threads, handled on worker threads;
 * settlement may come from any thread; maintenance runs on the broker's timer. All thread safe.
 */
final class StreamSubscription implements RedisSubscription {

    private static final Log logger = LogFactory.getLog(StreamSubscription.class);

    private final RedisRuntime runtime;

    private final SubscriptionSpec spec;

    private final TopicPattern pattern;

    private final DeliveryHandler handler;

    private final String group;

    private final String consumer;

    private final String startId;

    private final BoundedDispatcher<StreamDelivery> dispatcher;

    private final StreamReader reader;

    private final StreamAcknowledger acknowledger;

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    private volatile List<String> keyList = List.of();

    /** Entries read and not yet settled (queued, being handled, or waiting for a redelivery). */
    private final Map<String, StreamDelivery> held = new ConcurrentHashMap<>();

    /** Entries occupying a prefetch slot: read and not yet settled, minus those waiting for a redelivery. */
    private final AtomicInteger outstanding = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();

    private final AtomicLong ackFailures = new AtomicLong();

    private volatile boolean paused;

    private volatile Runnable onClose = () -> {
    };

    StreamSubscription(RedisRuntime runtime, SubscriptionSpec spec, TopicPattern pattern, DeliveryHandler handler,
            String group, String consumer, String startId) {
        this.runtime = runtime;
        this.spec = spec;
        this.pattern = pattern;
        this.handler = handler;
        this.group = group;
        this.consumer = consumer;
        this.startId = startId;
        this.dispatcher = new BoundedDispatcher<>("amb-redis[" + spec.id() + "]", runtime.settings().prefetch(),
                spec.concurrency(), runtime.workers(), handler::onDelivery);
        this.reader = new StreamReader(this, runtime);
        this.acknowledger = new StreamAcknowledger(runtime, group, this::ackFailed);
    }

    /**
     * Creates the consumer group on the initial streams and starts reading. Blocks until the
     * groups exist, so entries added afterwards are delivered.
     */
    void start(Collection<String> initialKeys) {
        reader.open();
        try {
            runtime.await(addKeys(initialKeys), "create consumer group '" + group + "' on " + initialKeys);
        }
        catch (RuntimeException ex) {
            RedisRuntime.awaitQuietly(reader.stop(Duration.ZERO));
            throw ex;
        }
        reader.poll();
    }

    @Override
    public void onClose(Runnable action) {
        Runnable previous = onClose;
        onClose = () -> {
            previous.run();
            action.run();
        };
    }

    /** Subscribes to the streams of newly discovered topics that match the pattern. */
    void discover(Collection<String> topics) {
        List<String> fresh = new ArrayList<>();
        for (String topic : topics) {
            if (!RedisNames.isInbox(topic) && pattern.matches(topic)) {
                String key = runtime.names().streamKey(topic);
                if (!keys.contains(key)) {
                    fresh.add(key);
                }
            }
        }
        if (!fresh.isEmpty() && !closed.get()) {
            addKeys(fresh).whenComplete((ok, ex) -> {
                if (ex != null) {
                    logger.warn("Subscription '" + spec.id() + "' could not join new streams " + fresh
                            + "; it tries again at the next discovery: " + ex.getMessage());
                }
                else {
                    reader.wake();
                }
            });
        }
    }

    /** Creates the group on each stream (at the subscription's start, so nothing after it is missed). */
    private CompletableFuture<Void> addKeys(Collection<String> newKeys) {
        List<CompletableFuture<Void>> creations = new ArrayList<>();
        for (String key : newKeys) {
            creations.add(createGroup(key).thenRun(() -> {
                if (keys.add(key)) {
                    keyList = List.copyOf(keys);
                }
            }));
        }
        return CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> createGroup(String key) {
        return StreamMaintenance.createGroup(runtime, key, group, startId);
    }

    /** Creates the groups again after Redis lost them (the streams were deleted, or Redis restarted empty). */
    CompletableFuture<Void> recreateGroups() {
        List<CompletableFuture<Void>> creations = keyList.stream().map(this::createGroup).toList();
        return CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new));
    }

    /** Queues entries just read or claimed. Runs on an event loop thread. */
    void received(String key, List<StreamMessage<String, byte[]>> entries, Map<String, Integer> attempts) {
        for (StreamMessage<String, byte[]> entry : entries) {
            if (entry.getBody() == null) {
                continue; // deleted from the stream (trimmed) while pending: Redis drops it from the PEL
            }
            int attempt = attempts != null ? attempts.getOrDefault(entry.getId(), 1) : 1;
            enqueue(entry.getStream() != null ? entry.getStream() : key, entry.getId(), entry.getBody(), attempt);
        }
    }

    private void enqueue(String key, String entryId, Map<String, byte[]> body, int attempt) {
        StreamDelivery delivery = new StreamDelivery(this, key, entryId,
                StreamEntryCodec.decode(runtime.names().topicOf(key), entryId, body), attempt);
        held.put(delivery.ref(), delivery);
        outstanding.incrementAndGet();
        if (!dispatcher.requeue(delivery)) {
            outstanding.decrementAndGet();
            release(List.of(delivery)); // closed meanwhile: hand it back to the group
        }
    }

    /** Settles an entry for good ({@code ack} or {@code reject}): acknowledged in Redis, soon. */
    void acknowledge(StreamDelivery delivery) {
        held.remove(delivery.ref(), delivery);
        outstanding.decrementAndGet();
        acknowledger.acknowledge(delivery.key(), delivery.entryId());
        reader.poll();
    }

    /** Entries whose XACK failed stay pending: they are delivered again (at-least-once). Logged sparingly. */
    private void ackFailed(String entryIds, Throwable ex) {
        if (closed.get() && !isGrouped()) {
            return; // the subscription's own group is gone, and nobody else reads it
        }
        long count = ackFailures.incrementAndGet();
        if (Long.bitCount(count) == 1) { // 1st, 2nd, 4th, 8th...
            logger.warn("Subscription '" + spec.id() + "' could not acknowledge entries " + entryIds + " ("
                    + count + " failed XACK(s) so far); unacknowledged entries are delivered again: " + ex.getMessage());
        }
    }

    void redeliverLater(StreamDelivery delivery, Duration delay) {
        outstanding.decrementAndGet();
        delivery.redelivery(runtime.schedule(delay, () -> redeliver(delivery)));
        reader.poll();
    }

    private void redeliver(StreamDelivery delivery) {
        if (closed.get()) {
            return; // handed back by close()
        }
        CompletableFuture<List<StreamMessage<String, byte[]>>> claim;
        try {
            claim = runtime.link(delivery.key()).commands()
                .xclaim(delivery.key(), Consumer.from(group, consumer), XClaimArgs.Builder.minIdleTime(0),
                        delivery.entryId())
                .toCompletableFuture();
        }
        catch (RuntimeException ex) {
            claim = CompletableFuture.failedFuture(ex);
        }
        claim.whenComplete((entries, ex) -> {
            if (ex != null) {
                logger.warn("Could not claim entry " + delivery.entryId() + " of '" + delivery.key()
                        + "' for its redelivery; trying again in 1 s: " + ex.getMessage());
                delivery.redelivery(runtime.schedule(Duration.ofSeconds(1), () -> redeliver(delivery)));
                return;
            }
            held.remove(delivery.ref(), delivery);
            if (entries.isEmpty() || entries.get(0).getBody() == null) {
                logger.warn("Entry " + delivery.entryId() + " of '" + delivery.key() + "' was deleted from the"
                        + " stream (trimmed by amb.redis.stream-max-len?) before its redelivery was due");
                return;
            }
            enqueue(delivery.key(), delivery.entryId(), entries.get(0).getBody(), delivery.deliveryAttempt() + 1);
        });
    }

    /**
     * Keeps this consumer's entries from looking abandoned and claims the entries of dead
     * consumers. Runs on the timer; only issues asynchronous commands.
     */
    void maintain() {
        if (closed.get() || !isGrouped()) {
            return;
        }
        StreamMaintenance.renew(runtime, group, consumer, held.values());
        if (!paused) {
            StreamMaintenance.reclaim(this, runtime, keyList, room());
        }
    }

    /** @return {@code true} when a pending entry is in this subscription's bookkeeping */
    boolean holds(String key, String entryId) {
        return held.containsKey(StreamDelivery.ref(key, entryId));
    }

    /** Forgets entries; a grouped subscription hands them back to its group (see {@link StreamMaintenance#release}). */
    private CompletableFuture<Void> release(Collection<StreamDelivery> deliveries) {
        deliveries.forEach(d -> held.remove(d.ref(), d));
        return isGrouped() ? StreamMaintenance.release(runtime, group, consumer, deliveries)
                : CompletableFuture.completedFuture(null);
    }

    boolean isGrouped() {
        return spec.grouped();
    }

    /** @return {@code true} while the reader should read */
    boolean readable() {
        return !closed.get() && !paused;
    }

    /** @return free prefetch slots */
    int room() {
        return runtime.settings().prefetch() - outstanding.get();
    }

    List<String> keyList() {
        return keyList;
    }

    boolean isLiteral() {
        return pattern.isLiteral();
    }

    String group() {
        return group;
    }

    String consumer() {
        return consumer;
    }

    SubscriptionSpec spec() {
        return spec;
    }

    /**
     * Stops reading (a blocking read in progress is ended with {@code CLIENT UNBLOCK}; this method
     * returns once it has) and holds back entries already read; new entries wait in Redis until
     * {@link #resume()}.
     */
    @Override
    public void pause() {
        paused = true;
        dispatcher.pause();
        reader.interrupt();
    }

    @Override
    public void resume() {
        paused = false;
        dispatcher.resume();
        reader.poll();
    }

    @Override
    public boolean isActive() {
        return !closed.get();
    }

    @Override
    public void close() {
        close(runtime.settings().shutdownGrace());
    }

    @Override
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            onClose.run();
            dispatcher.close(grace);
            CompletableFuture<Void> readerClosed = reader.stop(runtime.settings().commandTimeout());
            held.values().forEach(StreamDelivery::cancelRedelivery);
            CompletableFuture<Void> cleanup = isGrouped() ? release(List.copyOf(held.values()))
                .thenCompose(ok -> StreamMaintenance.removeConsumerIfIdle(runtime, keyList, group, consumer))
                    : StreamMaintenance.destroyGroup(runtime, keyList, group);
            runtime.await(cleanup.thenCombine(readerClosed, (a, b) -> null),
                    "clean up after subscription '" + spec.id() + "'");
        }
        catch (RuntimeException ex) {
            logger.warn("Closing subscription '" + spec.id() + "' left Redis state behind (" + ex.getMessage() + "); "
                    + (isGrouped() ? "its pending entries will be claimed by another member after "
                            + runtime.settings().claimIdleTime() : "its consumer group '" + group + "' may remain"));
        }
    }

    @Override
    public String toString() {
        return "StreamSubscription[" + spec.id() + ", group " + group + ", consumer " + consumer + "]";
    }
}
