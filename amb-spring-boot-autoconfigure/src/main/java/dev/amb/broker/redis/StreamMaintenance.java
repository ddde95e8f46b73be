package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XPendingArgs;
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
     * Renews entries only while this consumer still owns them: for each id, {@code XPENDING} names
     * the owner, and only the owner's entries get {@code XCLAIM <min-idle 0> ... JUSTID} (which resets
     * the idle time and leaves the delivery count alone). A renewal that comes late (after a stall
     * longer than the claim idle time) can therefore never take an entry back from the member that
     * claimed it meanwhile. Returns the ids renewed.
     */
    static final String RENEW_SCRIPT = """
            local renewed = {}
            for i = 3, #ARGV do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
              if p[1] and p[1][2] == ARGV[2] then
                redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
                renewed[#renewed + 1] = ARGV[i]
              end
            end
            return renewed
            """;

    /**
     * Resets the idle time of every entry this consumer holds and still owns ({@link #RENEW_SCRIPT}),
     * so that other members do not take entries that are only slow, waiting in the queue, in a retry
     * backoff, in a MANUAL handler or waiting for a delayed redelivery. An entry another member
     * claimed meanwhile stays with it.
     */
    static void renew(StreamSubscription subscription, RedisRuntime runtime, Collection<StreamDelivery> held) {
        Map<String, List<String>> idsByKey = new HashMap<>();
        held.forEach(d -> idsByKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.entryId()));
        idsByKey.forEach((key, ids) -> quietly("renew " + ids.size() + " pending entries of '" + key + "'", () -> {
            List<byte[]> args = new ArrayList<>(ids.size() + 2);
            args.add(utf8(subscription.group()));
            args.add(utf8(subscription.consumer()));
            ids.forEach(id -> args.add(utf8(id)));
            return runtime.link(key).commands()
                .<List<Object>>eval(RENEW_SCRIPT, ScriptOutputType.MULTI, new String[] { key }, args.toArray(byte[][]::new))
                .toCompletableFuture()
                .thenAccept(renewed -> {
                    if (renewed.size() < ids.size() && logger.isDebugEnabled()) {
                        logger.debug("Subscription '" + subscription.spec().id() + "' no longer owns "
                                + (ids.size() - renewed.size()) + " of its entries of '" + key
                                + "' (another member claimed them after a stall, or they were settled)");
                    }
                });
        }));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
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
            String[] ids = attempts.keySet().toArray(String[]::new);
            return commands.xclaim(key, me, XClaimArgs.Builder.minIdleTime(idle), ids)
                .thenAccept(entries -> {
                    if (!entries.isEmpty()) {
                        logger.info("Subscription '" + subscription.spec().id() + "' claimed " + entries.size()
                                + " entries of '" + key + "' left pending by a consumer that stopped");
                    }
                    subscription.received(key, entries, attempts);
                    if (entries.size() < ids.length) {
                        countTrimmed(subscription, runtime, key, ids, entries);
                    }
                });
        });
    }

    /**
     * Redis 7 drops a trimmed entry from the pending entries list when it is claimed and returns
     * nothing for it: the ids asked for and not returned that no longer exist in the stream were
     * trimmed away before anyone handled them, and are counted and logged (ids another member
     * claimed first still exist and are not counted).
     */
    private static void countTrimmed(StreamSubscription subscription, RedisRuntime runtime, String key, String[] ids,
            List<StreamMessage<String, byte[]>> claimed) {
        java.util.Set<String> returned = new java.util.HashSet<>();
        claimed.forEach(entry -> returned.add(entry.getId()));
        var commands = runtime.link(key).commands();
        for (String id : ids) {
            if (!returned.contains(id)) {
                quietly("check whether entry " + id + " of '" + key + "' was trimmed", () -> commands
                    .xrange(key, Range.create(id, id))
                    .toCompletableFuture()
                    .thenAccept(found -> {
                        if (found.isEmpty()) {
                            subscription.trimmed(key, 1);
                        }
                    }));
            }
        }
    }

    /**
     * Creates the group at {@code TIME - elapsed - 1 ms} with the highest sequence number, computed
     * by the node that owns the stream (the script's one key routes it there in a cluster), so the
     * start id comes from the clock that numbers the stream's entries; a group that exists keeps
     * its position ({@code BUSYGROUP} is success).
     */
    static final String CREATE_GROUP_SCRIPT = """
            local t = redis.call('TIME')
            local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[2]) - 1
            local r = redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1],
                string.format('%.0f', ms) .. '-18446744073709551615', 'MKSTREAM')
            if type(r) == 'table' and r.err then
              if string.find(r.err, 'BUSYGROUP', 1, true) then return 0 end
              return r
            end
            return 1
            """;

    /**
     * Creates a consumer group on a stream (and the stream, if needed) where a subscription that
     * began {@code elapsedMillis} ago started, on the stream owner's clock (review item 12: never
     * another node's); a group that exists already keeps its position.
     */
    static CompletableFuture<Void> createGroup(RedisRuntime runtime, String key, String group, long elapsedMillis) {
        try {
            return runtime.link(key).commands()
                .eval(CREATE_GROUP_SCRIPT, ScriptOutputType.INTEGER, new String[] { key },
                        group.getBytes(StandardCharsets.UTF_8),
                        Long.toString(elapsedMillis).getBytes(StandardCharsets.US_ASCII))
                .toCompletableFuture()
                .thenApply(created -> (Void) null);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * Hands entries back to the group: they stay pending with this consumer but are marked idle for
     * {@code amb.redis.claim-idle-time} ({@code XCLAIM ... IDLE ... JUSTID}), so the next claim by
     * another member takes them instead of waiting. {@code untried} entries (never given to a
     * handler) get back the delivery count they had before this consumer took them
     * ({@code RETRYCOUNT}), so pausing, closing or a rolling restart never counts as a delivery
     * attempt and never pushes an entry towards the dead letters.
     */
    static CompletableFuture<Void> release(RedisRuntime runtime, String group, String consumer,
            Collection<StreamDelivery> deliveries, boolean untried) {
        Map<String, List<String>> idsByKeyAndCount = new HashMap<>();
        Map<String, XClaimArgs> argsByKeyAndCount = new HashMap<>();
        for (StreamDelivery d : deliveries) {
            long count = untried ? d.deliveryAttempt() - 1 : -1;
            String slot = d.key() + "\n" + count;
            idsByKeyAndCount.computeIfAbsent(slot, k -> new ArrayList<>()).add(d.entryId());
            argsByKeyAndCount.computeIfAbsent(slot, k -> {
                XClaimArgs args = XClaimArgs.Builder.minIdleTime(0).idle(runtime.settings().claimIdleTime()).justid();
                return count >= 0 ? args.retryCount(count) : args;
            });
        }
        List<CompletableFuture<?>> claims = new ArrayList<>();
        idsByKeyAndCount.forEach((slot, ids) -> {
            String key = slot.substring(0, slot.lastIndexOf('\n'));
            try {
                claims.add(runtime.link(key).commands()
                    .xclaim(key, Consumer.from(group, consumer), argsByKeyAndCount.get(slot), ids.toArray(String[]::new))
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
