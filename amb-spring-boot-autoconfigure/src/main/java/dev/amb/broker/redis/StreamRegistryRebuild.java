package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;

/**
 * Rebuilds a lost topic registry ({@code <key-prefix>topics}) from the streams that exist
 * ({@code SCAN MATCH <key-prefix>stream:*}), so that wildcard subscriptions started after the
 * registry disappeared (Redis restarted without persistence, a failover, {@code FLUSHDB} of part of
 * the data) still discover the streams nobody publishes to for a while (review item 8). Publishers
 * register their topics again by themselves ({@link StreamTransport}).
 *
 * <p><b>Threading:</b> only asynchronous commands; the scan continues on event loop threads.
 */
final class StreamRegistryRebuild {

    private static final Log logger = LogFactory.getLog(StreamRegistryRebuild.class);

    private static final int PAGE = 1000;

    private final RedisRuntime runtime;

    StreamRegistryRebuild(RedisRuntime runtime) {
        this.runtime = runtime;
    }

    /** @return completes with how many topics were registered again (failures are logged at debug) */
    CompletableFuture<Integer> rebuild() {
        String match = escapeGlob(runtime.names().streamKey("")) + "*";
        List<String> topics = new ArrayList<>();
        CompletableFuture<Integer> done = new CompletableFuture<>();
        scan(ScanCursor.INITIAL, ScanArgs.Builder.matches(match).limit(PAGE), topics, done);
        return done.handle((count, ex) -> {
            if (ex != null) {
                logger.debug("Could not rebuild the topic registry '" + runtime.names().registryKey() + "'", ex);
                return 0;
            }
            return count;
        });
    }

    private void scan(ScanCursor cursor, ScanArgs args, List<String> topics, CompletableFuture<Integer> done) {
        try {
            runtime.link("").commands().scan(cursor, args).whenComplete((page, ex) -> {
                if (ex != null) {
                    done.completeExceptionally(ex);
                    return;
                }
                collect(page, topics);
                if (!page.isFinished()) {
                    scan(page, args, topics, done);
                }
                else {
                    register(topics, done);
                }
            });
        }
        catch (RuntimeException ex) {
            done.completeExceptionally(ex);
        }
    }

    private void collect(KeyScanCursor<String> page, List<String> topics) {
        for (String key : page.getKeys()) {
            String topic = runtime.names().topicOf(key);
            if (!RedisNames.isInbox(topic)) {
                topics.add(topic);
            }
        }
    }

    private void register(List<String> topics, CompletableFuture<Integer> done) {
        if (topics.isEmpty()) {
            done.complete(0);
            return;
        }
        String registry = runtime.names().registryKey();
        byte[][] members = topics.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        runtime.link(registry).commands().sadd(registry, members).whenComplete((added, ex) -> {
            if (ex != null) {
                done.completeExceptionally(ex);
                return;
            }
            if (added > 0) {
                logger.info("Rebuilt the topic registry '" + registry + "' from " + topics.size() + " existing stream(s)");
            }
            done.complete(added.intValue());
        });
    }

    /** Escapes the glob characters of a key prefix for {@code SCAN MATCH}. */
    static String escapeGlob(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
