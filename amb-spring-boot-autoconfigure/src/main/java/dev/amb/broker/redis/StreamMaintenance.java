package dev.amb.broker.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessage;

/**
 * The pending-entries work of a {@link StreamSubscription}: lease renewal, claiming the entries of
 * dead consumers, and tidying up a group or consumer on close. Every method only issues
 * asynchronous commands; none blocks.
 */
final class StreamMaintenance {

    private static final Log logger = LogFactory.getLog(StreamMaintenance.class);

    private StreamMaintenance() {
    }

    /**
     * Resets the idle time of every entry this consumer holds ({@code XCLAIM <min-idle 0> ...
     * JUSTID}, which leaves the delivery count alone), so that other members do not take entries
     * that are only slow, paused or waiting for a delayed redelivery.
     */
    static void renew(RedisRuntime runtime, String group, String consumer, Collection<StreamDelivery> held) {
        Map<String, List<String>> idsByKey = new HashMap<>();
        held.forEach(d -> idsByKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.entryId()));
        XClaimArgs renew = XClaimArgs.Builder.minIdleTime(0).justid();
        idsByKey.forEach((key, ids) -> quietly("renew " + ids.size() + " pending entries of '" + key + "'",
                () -> runtime.link(key).commands()
                    .xclaim(key, Consumer.from(group, consumer), renew, ids.toArray(String[]::new))
                    .toCompletableFuture()));
    }

    /**
     * Issues a command whose failure only needs a debug line: the next maintenance round tries
     * again, and Redis keeps the entries pending meanwhile.
     */
    private static void quietly(String what, Supplier<CompletableFuture<?>> command) {
        CompletableFuture<?> issued;
        try {
            issued = command.get();
        }
        catch (RuntimeException ex) {
            issued = CompletableFuture.failedFuture(ex);
        }
        issued.whenComplete((ok, ex) -> {
            if (ex != null && logger.isDebugEnabled()) {
                logger.debug("Could not " + what + ": " + ex.getMessage());
            }
        });
    }

    /**
     * Claims entries that have been pending with some consumer for longer than
     * {@code amb.redis.claim-idle-time}: their consumer has stopped renewing them, so it died. Each
     * is queued with the attempt number from the pending entries list (its delivery count + 1).
     */
    static void reclaim(StreamSubscription subscription, RedisRuntime runtime, List<String> keys, int room) {
        if (room <= 0) {
            return;
        }
        for (String key : keys) {
            quietly("look for abandoned entries of '" + key + "'", () -> reclaim(subscription, runtime, key, room));
        }
    }

    private static CompletableFuture<?> reclaim(StreamSubscription subscription, RedisRuntime runtime, String key,
            int room) {
        long idle = runtime.settings().claimIdleTime().toMillis();
        XPendingArgs<String> stale = XPendingArgs.Builder
            .xpending(subscription.group(), Range.<String>unbounded(), Limit.from(room))
            .idle(idle);
        var commands = runtime.link(key).commands();
        return commands.xpending(key, stale).toCompletableFuture().thenCompose(pending -> {
            Map<String, Integer> attempts = new HashMap<>();
            for (PendingMessage entry : pending) {
                if (!subscription.holds(key, entry.getId())) {
                    attempts.put(entry.getId(), (int) Math.min(Integer.MAX_VALUE - 1, entry.getRedeliveryCount()) + 1);
                }
            }
            if (attempts.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            Consumer<String> me = Consumer.from(subscription.group(), subscription.consumer());
            return commands.xclaim(key, me, XClaimArgs.Builder.minIdleTime(idle), attempts.keySet().toArray(String[]::new))
                .thenAccept(entries -> {
                    if (!entries.isEmpty()) {
                        logger.info("Subscription '" + subscription.spec().id() + "' claimed " + entries.size()
                                + " entries of '" + key + "' left pending by a consumer that stopped");
                    }
                    subscription.received(key, entries, attempts);
                });
        });
    }

    /**
     * Creates a consumer group on a stream (and the stream, if needed) at {@code startId}; a group
     * that exists already keeps its position.
     */
    static CompletableFuture<Void> createGroup(RedisRuntime runtime, String key, String group, String startId) {
        try {
            return runtime.link(key).commands()
                .xgroupCreate(StreamOffset.from(key, startId), group, XGroupCreateArgs.Builder.mkstream())
                .toCompletableFuture()
                .handle((ok, ex) -> {
                    if (ex != null && !String.valueOf(ex.getMessage()).contains("BUSYGROUP")) {
                        throw new CompletionException(ex);
                    }
                    return null;
                });
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * Hands entries back to the group: they stay pending with this consumer but are marked idle for
     * {@code amb.redis.claim-idle-time} ({@code XCLAIM ... IDLE ... JUSTID}), so the next claim by
     * another member takes them instead of waiting.
     */
    static CompletableFuture<Void> release(RedisRuntime runtime, String group, String consumer,
            Collection<StreamDelivery> deliveries) {
        Map<String, List<String>> idsByKey = new HashMap<>();
        deliveries.forEach(d -> idsByKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.entryId()));
        XClaimArgs idle = XClaimArgs.Builder.minIdleTime(0).idle(runtime.settings().claimIdleTime()).justid();
        List<CompletableFuture<?>> claims = new ArrayList<>();
        idsByKey.forEach((key, ids) -> {
            try {
                claims.add(runtime.link(key).commands()
                    .xclaim(key, Consumer.from(group, consumer), idle, ids.toArray(String[]::new))
                    .toCompletableFuture());
            }
            catch (RuntimeException ex) {
                claims.add(CompletableFuture.failedFuture(ex));
            }
        });
        return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new));
    }

    /** Destroys a broadcast subscription's own group on each of its streams. */
    static CompletableFuture<Void> destroyGroup(RedisRuntime runtime, List<String> keys, String group) {
        List<CompletableFuture<?>> destroyed = new ArrayList<>();
        for (String key : keys) {
            destroyed.add(runtime.link(key).commands().xgroupDestroy(key, group).toCompletableFuture());
        }
        return CompletableFuture.allOf(destroyed.toArray(CompletableFuture[]::new));
    }

    /**
     * Removes a closing consumer from its group on each stream where nothing is pending for it any
     * more ({@code XGROUP DELCONSUMER} would drop entries still pending, so those streams keep it
     * until another member has claimed them).
     */
    static CompletableFuture<Void> removeConsumerIfIdle(RedisRuntime runtime, List<String> keys, String group,
            String consumer) {
        Consumer<String> me = Consumer.from(group, consumer);
        List<CompletableFuture<?>> removals = new ArrayList<>();
        for (String key : keys) {
            var commands = runtime.link(key).commands();
            removals.add(commands.xpending(key, me, Range.<String>unbounded(), Limit.from(1)).toCompletableFuture()
                .thenCompose(pending -> pending.isEmpty() ? commands.xgroupDelconsumer(key, me).toCompletableFuture()
                        : CompletableFuture.completedFuture(null)));
        }
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
    }
}
