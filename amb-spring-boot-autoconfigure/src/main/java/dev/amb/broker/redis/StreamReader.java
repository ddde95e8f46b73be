package dev.amb.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.SlotHash;

/**
 * The read loop of one {@link StreamSubscription}, on a connection of its own (a blocking read
 * holds its connection). Each round is one {@code XREADGROUP ... COUNT n BLOCK t STREAMS k... >...}
 * for as many entries as the subscription has free prefetch slots; the next round starts when the
 * previous one completes, so no thread waits on Redis. Reading stops while the subscription is
 * paused or full and starts again on {@link #poll()}.
 *
 * <p>When discovery adds streams during a blocking read, {@link #wake()} ends the read with
 * {@code CLIENT UNBLOCK} so the next round includes them at once. In a Redis Cluster, streams on
 * different hash slots cannot share one read: each slot's streams are then read without blocking,
 * and an empty round is followed by a 100 ms pause.
 *
 * <p><b>Threading:</b> rounds complete on the connection's event loop thread; {@code poll} and
 * {@code wake} may be called from any thread.
 */
final class StreamReader {

    private static final Log logger = LogFactory.getLog(StreamReader.class);

    private static final Duration IDLE_PAUSE = Duration.ofMillis(100);

    private final StreamSubscription subscription;

    private final RedisRuntime runtime;

    private final Object lock = new Object();

    private RedisLink link;

    /**
     * The id Redis gave the reader's connection, for {@code CLIENT UNBLOCK}: read again before every
     * round, so after a reconnect it is the new connection's and never a stale id that another
     * client may hold by now; -1 after a failed round until the next one has read it.
     */
    private volatile long clientId = -1;

    private Duration block;

    private boolean reading;

    private boolean stopped;

    private int failures;

    StreamReader(StreamSubscription subscription, RedisRuntime runtime) {
        this.subscription = subscription;
        this.runtime = runtime;
    }

    /** Opens the reader's connection; blocks. */
    void open() {
        link = runtime.connector().connect();
        block = RedisRuntime.blockTimeout(link);
        if (!link.cluster()) {
            try {
                clientId = runtime.await(link.commands().clientId(), "read the stream reader's client id");
            }
            catch (RuntimeException ex) {
                RedisRuntime.awaitQuietly(link.closeAsync());
                throw ex;
            }
        }
    }

    /** Starts a read round unless one is running, the subscription cannot take entries, or it has no stream yet. */
    void poll() {
        List<String> keys;
        int count;
        synchronized (lock) {
            if (stopped || reading || !subscription.readable()) {
                return;
            }
            keys = subscription.keyList();
            int room = subscription.room();
            if (keys.isEmpty() || room <= 0) {
                return;
            }
            count = Math.max(1, room / keys.size()); // COUNT applies to each stream
            reading = true;
        }
        refreshClientId();
        read(keys, count).whenComplete(this::completed);
    }

    /**
     * Issues {@code CLIENT ID} on the reader's connection just ahead of the read (commands on one
     * connection run in order), so the id is the one of the connection the read blocks on.
     */
    private void refreshClientId() {
        if (link.cluster()) {
            return;
        }
        try {
            link.commands().clientId().whenComplete((id, ex) -> clientId = ex == null ? id : -1);
        }
        catch (RuntimeException ex) {
            clientId = -1;
        }
    }

    /** @return the reader connection's id as last read, or -1 */
    long clientId() {
        return clientId;
    }

    private CompletableFuture<Map<String, List<StreamMessage<String, byte[]>>>> read(List<String> keys, int count) {
        Consumer<String> consumer = Consumer.from(subscription.group(), subscription.consumer());
        List<List<String>> batches = link.cluster() ? bySlot(keys) : List.of(keys);
        if (batches.size() == 1) {
            return readGroup(consumer, XReadArgs.Builder.count(count).block(block), batches.get(0));
        }
        List<CompletableFuture<Map<String, List<StreamMessage<String, byte[]>>>>> reads = new ArrayList<>();
        for (List<String> batch : batches) {
            reads.add(readGroup(consumer, XReadArgs.Builder.count(count), batch));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ok -> {
            Map<String, List<StreamMessage<String, byte[]>>> all = new LinkedHashMap<>();
            reads.forEach(read -> all.putAll(read.join()));
            return all;
        });
    }

    @SuppressWarnings("unchecked") // Lettuce takes the offsets as generic varargs
    private CompletableFuture<Map<String, List<StreamMessage<String, byte[]>>>> readGroup(Consumer<String> consumer,
            XReadArgs args, List<String> keys) {
        StreamOffset<String>[] offsets = keys.stream().map(StreamOffset::lastConsumed).toArray(StreamOffset[]::new);
        try {
            return link.commands().xreadgroup(consumer, args, offsets).toCompletableFuture().thenApply(entries -> {
                Map<String, List<StreamMessage<String, byte[]>>> byKey = new LinkedHashMap<>();
                for (StreamMessage<String, byte[]> entry : entries) {
                    byKey.computeIfAbsent(entry.getStream(), k -> new ArrayList<>()).add(entry);
                }
                return byKey;
            });
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private static List<List<String>> bySlot(List<String> keys) {
        Map<Integer, List<String>> slots = new LinkedHashMap<>();
        for (String key : keys) {
            slots.computeIfAbsent(SlotHash.getSlot(key), s -> new ArrayList<>()).add(key);
        }
        return new ArrayList<>(slots.values());
    }

    private void completed(Map<String, List<StreamMessage<String, byte[]>>> entries, Throwable failure) {
        boolean stop;
        synchronized (lock) {
            reading = false;
            stop = stopped;
            lock.notifyAll();
        }
        if (failure != null) {
            clientId = -1;
            if (!stop) {
                failed(failure);
            }
            return;
        }
        failures = 0;
        entries.forEach((key, list) -> subscription.received(key, list, null));
        if (stop) {
            return;
        }
        if (entries.isEmpty() && link.cluster() && subscription.keyList().size() > 1) {
            runtime.schedule(IDLE_PAUSE, this::poll);
        }
        else {
            poll();
        }
    }

    private void failed(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains("NOGROUP")) {
            logger.info("The consumer group of subscription '" + subscription.spec().id() + "' is gone (the stream was"
                    + " deleted or Redis restarted without its data); creating it again");
            subscription.recreateGroups().whenComplete((ok, ex) -> retryLater(ex));
            return;
        }
        failures++;
        if (failures == 1 || failures % 100 == 0) {
            logger.warn("Subscription '" + subscription.spec().id() + "' could not read from Redis at "
                    + runtime.connector().description() + " (" + failures + " time(s) in a row); retrying: " + message);
        }
        retryLater(failure);
    }

    private void retryLater(Throwable failure) {
        long backoff = failure == null ? 0 : Math.min(2000, 50L << Math.min(failures, 6));
        if (runtime.schedule(Duration.ofMillis(backoff), this::poll) == null) {
            logger.debug("Broker closing; subscription '" + subscription.spec().id() + "' stops reading");
        }
    }

    /** Makes a blocking read return at once, so that the next round sees new streams or a resumed subscription. */
    void wake() {
        boolean blocked;
        synchronized (lock) {
            blocked = reading;
        }
        if (blocked) {
            unblock();
        }
        else {
            poll();
        }
    }

    /**
     * Ends a blocking read now instead of at its timeout and waits for it (at most the block
     * timeout), without starting another: used when the subscription pauses, so that once
     * {@code pause()} returns no entry is taken from Redis. Entries the ended read still returned
     * are queued and held back like the others.
     */
    void interrupt() {
        synchronized (lock) {
            if (!reading) {
                return;
            }
            unblock();
            awaitReadEnd(block.plusMillis(100));
        }
    }

    /** Must hold the lock. */
    private void awaitReadEnd(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (reading && System.nanoTime() < deadline) {
                lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void unblock() {
        if (clientId < 0) {
            return;
        }
        try {
            runtime.link("").commands().clientUnblock(clientId, UnblockType.TIMEOUT);
        }
        catch (RuntimeException ex) {
            logger.debug("CLIENT UNBLOCK failed", ex);
        }
    }

    /**
     * Stops reading: ends a blocking read, waits for it (at most {@code wait}; its entries are handed
     * back by the closing subscription) and closes the connection.
     * @return completes when the reader's connection is closed
     */
    CompletableFuture<Void> stop(Duration wait) {
        synchronized (lock) {
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
            stopped = true;
            if (reading) {
                unblock();
                awaitReadEnd(wait);
            }
        }
        return link != null ? link.closeAsync() : CompletableFuture.completedFuture(null);
    }
}
