package dev.amb.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
import dev.amb.spi.support.PatternSet;
import dev.amb.topic.TopicPattern;

/**
 * One subscription in Streams mode: a consumer ({@link #consumer()}) of a Redis consumer group
 * ({@code <consumer-group>:<group key>}, or a group of its own for a broadcast subscription) on
 * every stream one of its patterns matches. The streams of all its patterns are read together, each
 * once, so a message whose topic matches several patterns is delivered once, and one Redis group
 * per {@link dev.amb.spi.GroupKey} spans them all.
 *
 * <p>Entries are read ahead by a {@link StreamReader} up to {@link StreamPace#readAhead()}
 * unacknowledged ones (at most {@code amb.redis.prefetch}), queued, and handled by at most the subscription's concurrency of worker
 * threads. Every entry read stays in this subscription's bookkeeping until it is settled:
 * <ul>
 * <li>{@code ack}/{@code reject}: {@code XACK};</li>
 * <li>{@code nack(delay)}: the entry stays pending; after the delay it is claimed again
 * ({@code XCLAIM}, which raises its delivery count) and queued with the next attempt number;</li>
 * <li>a grouped subscription renews its unsettled entries every third of
 * {@code amb.redis.claim-idle-time} (only those it still owns, {@link StreamMaintenance#RENEW_SCRIPT}),
 * so only the entries of a consumer that stopped renewing (it died) become idle long enough for
 * {@link #maintain() another member} to claim them, with their delivery count from the pending
 * entries list.</li>
 * </ul>
 *
 * <p><b>Pausing</b> a grouped subscription stops reading and reclaiming and hands back every entry
 * no handler has started (with the delivery count it had before) and every entry waiting for a
 * delayed redelivery; it keeps, and renews, only what its handlers hold. A paused member thus takes
 * no share of the group's work.
 *
 * <p><b>Closing</b> stops new deliveries, waits for running handlers, stops the reader and then: a
 * broadcast subscription destroys its group; a grouped one hands its unsettled entries back (marks
 * them idle so that the next claim by another member takes them; untried ones with the delivery
 * count they had before) and removes its consumer when nothing is left pending for it. The Redis
 * round trips get what is left of the grace, at most the command timeout each.
 *
 * <p><b>Threading:</b> entries are queued on Lettuce event loop threads, handled on worker threads;
 * settlement may come from any thread; maintenance runs on the broker's timer. All thread safe.
 */
final class StreamSubscription implements RedisSubscription {

    private static final Log logger = LogFactory.getLog(StreamSubscription.class);

    private final RedisRuntime runtime;

    private final SubscriptionSpec spec;

    private final PatternSet patterns;

    private final DeliveryHandler handler;

    private final String group;

    private final String consumer;

    /** When {@code subscribe} began ({@link System#nanoTime()}): each stream's group starts there. */
    private final long startNanos = System.nanoTime();

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

    private final StreamPace pace;

    private volatile boolean paused;

    private volatile Runnable onClose = () -> {
    };

    StreamSubscription(RedisRuntime runtime, SubscriptionSpec spec, PatternSet patterns, DeliveryHandler handler,
            String group, String consumer) {
        this.runtime = runtime;
        this.spec = spec;
        this.patterns = patterns;
        this.handler = handler;
        this.group = group;
        this.consumer = consumer;
        this.dispatcher = new BoundedDispatcher<>("amb-redis[" + spec.id() + "]", runtime.settings().prefetch(),
                spec.concurrency(), runtime.workers(), this::handle, spec.nonBlocking());
        this.pace = new StreamPace(runtime.settings(), spec);
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

    /** Subscribes to the streams of newly discovered topics that match one of the patterns. */
    void discover(Collection<String> topics) {
        List<String> fresh = new ArrayList<>();
        for (String topic : topics) {
            if (!RedisNames.isInbox(topic) && patterns.matches(topic)) {
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

    /**
     * Creates the group on each stream at the subscription's start, measured on the clock of the
     * node that owns the stream (see {@link StreamMaintenance#createGroup}), so nothing added after
     * {@code subscribe} began is missed, also on streams discovered later.
     */
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
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        return StreamMaintenance.createGroup(runtime, key, group, elapsedMillis);
    }

    /** Creates the groups again after Redis lost them (the streams were deleted, or Redis restarted empty). */
    CompletableFuture<Void> recreateGroups() {
        List<CompletableFuture<Void>> creations = keyList.stream().map(this::createGroup).toList();
        return CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new));
    }

    /** Runs on a worker thread: hands a queued entry to the handler unless it was handed back meanwhile. */
    private void handle(StreamDelivery delivery) {
        if (delivery.start()) {
            handler.onDelivery(delivery);
        }
    }

    /** Queues entries just read or claimed. Runs on an event loop thread. */
    void received(String key, List<StreamMessage<String, byte[]>> entries, Map<String, Integer> attempts) {
        for (StreamMessage<String, byte[]> entry : entries) {
            String entryKey = entry.getStream() != null ? entry.getStream() : key;
            if (entry.getBody() == null) {
                // deleted from the stream (trimmed by MAXLEN ~) while pending: Redis 6.2 keeps it in the
                // pending entries list, so acknowledge it, or it would block reclaiming for good
                acknowledger.acknowledge(entryKey, entry.getId());
                trimmed(entryKey, 1);
                continue;
            }
            int attempt = attempts != null ? attempts.getOrDefault(entry.getId(), 1) : 1;
            enqueue(entryKey, entry.getId(), entry.getBody(), attempt);
        }
    }

    private void enqueue(String key, String entryId, Map<String, byte[]> body, int attempt) {
        StreamDelivery delivery = new StreamDelivery(this, key, entryId, body, attempt);
        held.put(delivery.ref(), delivery);
        outstanding.incrementAndGet();
        if ((paused && isGrouped()) || !dispatcher.requeue(delivery)) {
            // paused (a read that ended as it paused) or closed meanwhile: hand it back to the group untried
            handBack(List.of(delivery));
        }
    }

    /**
     * Hands entries this subscription no longer wants back to the group: those still queued (untried)
     * and those waiting for a delayed redelivery. Entries a handler has are kept.
     */
    private void handBack(Collection<StreamDelivery> deliveries) {
        List<StreamDelivery> untried = new ArrayList<>();
        List<StreamDelivery> tried = new ArrayList<>();
        for (StreamDelivery delivery : deliveries) {
            if (delivery.transition(StreamDelivery.QUEUED, StreamDelivery.GONE)) {
                outstanding.decrementAndGet();
                untried.add(delivery);
            }
            else if (delivery.transition(StreamDelivery.WAITING, StreamDelivery.GONE)) {
                delivery.cancelRedelivery();
                tried.add(delivery);
            }
        }
        release(untried, true);
        release(tried, false);
    }

    /** Settles an entry for good ({@code ack} or {@code reject}): acknowledged in Redis, soon. */
    void acknowledge(StreamDelivery delivery) {
        held.remove(delivery.ref(), delivery);
        outstanding.decrementAndGet();
        pace.settled(delivery);
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
        pace.settled(delivery);
        delivery.transition(StreamDelivery.RUNNING, StreamDelivery.WAITING);
        delivery.redelivery(runtime.schedule(delay, () -> redeliver(delivery)));
        reader.poll();
    }

    private void redeliver(StreamDelivery delivery) {
        if (closed.get() || delivery.state() != StreamDelivery.WAITING) {
            return; // handed back by close() or pause()
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
            if (!delivery.transition(StreamDelivery.WAITING, StreamDelivery.GONE)) {
                return; // handed back meanwhile
            }
            held.remove(delivery.ref(), delivery);
            if (entries.isEmpty() || entries.get(0).getBody() == null) {
                if (!entries.isEmpty()) {
                    acknowledger.acknowledge(delivery.key(), delivery.entryId());
                }
                trimmed(delivery.key(), 1); // deleted from the stream before its redelivery was due
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
        StreamMaintenance.renew(this, runtime, held.values());
        if (!paused) {
            StreamMaintenance.reclaim(this, runtime, keyList, room());
        }
    }

    /** @return {@code true} when a pending entry is in this subscription's bookkeeping */
    boolean holds(String key, String entryId) {
        return held.containsKey(StreamDelivery.ref(key, entryId));
    }

    /**
     * Forgets entries; a grouped subscription hands them back to its group (see
     * {@link StreamMaintenance#release}), {@code untried} ones with the delivery count they had before
     * this subscription took them, so handing back never counts as a delivery attempt.
     */
    private CompletableFuture<Void> release(Collection<StreamDelivery> deliveries, boolean untried) {
        deliveries.forEach(d -> held.remove(d.ref(), d));
        return isGrouped() && !deliveries.isEmpty()
                ? StreamMaintenance.release(runtime, group, consumer, deliveries, untried)
                : CompletableFuture.completedFuture(null);
    }

    String topicOf(String key) {
        return runtime.names().topicOf(key);
    }

    boolean isGrouped() {
        return spec.grouped();
    }

    /** @return {@code true} while the reader should read */
    boolean readable() {
        return !closed.get() && !paused;
    }

    /** @return free read-ahead slots (see {@link StreamPace#readAhead()}) */
    int room() {
        return pace.readAhead() - outstanding.get();
    }

    /** Counts and logs pending entries that were trimmed away before they were handled. */
    void trimmed(String key, int count) {
        pace.trimmed(key, count);
    }

    /** @return how many pending entries were found trimmed away before they were handled */
    long trimmedCount() {
        return pace.trimmedCount();
    }

    List<String> keyList() {
        return keyList;
    }

    /** @return {@code true} when every pattern is a literal topic (nothing to discover) */
    boolean isLiteral() {
        return patterns.patterns().stream().allMatch(TopicPattern::isLiteral);
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
        if (isGrouped()) {
            handBack(List.copyOf(held.values())); // a paused member takes no share: others claim these now
        }
    }

    @Override
    public void resume() {
        paused = false;
        dispatcher.resume();
        reader.poll();
    }

    /** @return pending and undelivered entries of this subscription's group on its streams (XINFO GROUPS) */
    @Override
    public CompletableFuture<OptionalLong> lag() {
        try {
            return StreamLag.of(runtime, keyList, group);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** @return the deliveries waiting for a handler thread */
    @Override
    public OptionalLong queued() {
        return OptionalLong.of(dispatcher.size());
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
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            onClose.run();
            dispatcher.close(grace);
            CompletableFuture<Void> readerClosed = reader.stop(budget(deadline));
            List<StreamDelivery> left = List.copyOf(held.values());
            left.forEach(StreamDelivery::cancelRedelivery);
            List<StreamDelivery> tried = left.stream().filter(d -> d.state() != StreamDelivery.QUEUED).toList();
            List<StreamDelivery> untried = left.stream().filter(d -> d.state() == StreamDelivery.QUEUED).toList();
            CompletableFuture<Void> cleanup = isGrouped()
                    ? release(untried, true).thenCombine(release(tried, false), (a, b) -> (Void) null)
                        .thenCompose(ok -> StreamMaintenance.removeConsumerIfIdle(runtime, keyList, group, consumer))
                    : StreamMaintenance.destroyGroup(runtime, keyList, group);
            runtime.await(cleanup.thenCombine(readerClosed, (a, b) -> null),
                    "clean up after subscription '" + spec.id() + "'", budget(deadline));
        }
        catch (RuntimeException ex) {
            logger.warn("Closing subscription '" + spec.id() + "' left Redis state behind (" + ex.getMessage() + "); "
                    + (isGrouped() ? "its pending entries will be claimed by another member after "
                            + runtime.settings().claimIdleTime() : "its consumer group '" + group + "' may remain"));
        }
    }

    /** What is left of the shutdown grace for one Redis round trip (at most the command timeout, at least 50 ms). */
    private Duration budget(long deadline) {
        long left = Math.max(Duration.ofMillis(50).toNanos(), deadline - System.nanoTime());
        return Duration.ofNanos(Math.min(left, runtime.settings().commandTimeout().toNanos()));
    }

    /** @return the id Redis gave the reader's connection (for tests), or -1 */
    long readerClientId() {
        return reader.clientId();
    }

    @Override
    public String toString() {
        return "StreamSubscription[" + spec.id() + ", group " + group + ", consumer " + consumer + "]";
    }
}
