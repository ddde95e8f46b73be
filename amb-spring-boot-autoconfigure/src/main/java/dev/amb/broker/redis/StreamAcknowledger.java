package dev.amb.broker.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Coalesces the acknowledgements of one subscription into few {@code XACK} commands: per stream,
 * at most one {@code XACK} is in flight, and the entries acknowledged meanwhile go together in the
 * next one. An idle subscription therefore acknowledges each entry at once, a busy one in batches
 * (like a raw consumer acknowledging what it read), without a timer and without holding an
 * acknowledgement back.
 *
 * <p>Thread safe: {@link #acknowledge} may be called from any thread; the follow-up commands are
 * issued from the completion of the previous one (an event loop thread).
 */
final class StreamAcknowledger {

    private static final int MAX_BATCH = 1000;

    private final RedisRuntime runtime;

    private final String group;

    private final BiConsumer<String, Throwable> onFailure;

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    /**
     * @param onFailure told the entry ids (comma separated) and the cause when an {@code XACK} fails
     */
    StreamAcknowledger(RedisRuntime runtime, String group, BiConsumer<String, Throwable> onFailure) {
        this.runtime = runtime;
        this.group = group;
        this.onFailure = onFailure;
    }

    void acknowledge(String key, String entryId) {
        Stream stream = streams.computeIfAbsent(key, Stream::new);
        stream.pending.add(entryId);
        stream.flush();
    }

    private final class Stream {

        private final String key;

        private final Queue<String> pending = new ConcurrentLinkedQueue<>();

        private final AtomicBoolean inFlight = new AtomicBoolean();

        Stream(String key) {
            this.key = key;
        }

        void flush() {
            while (!pending.isEmpty() && inFlight.compareAndSet(false, true)) {
                List<String> ids = new ArrayList<>();
                String id;
                while (ids.size() < MAX_BATCH && (id = pending.poll()) != null) {
                    ids.add(id);
                }
                if (ids.isEmpty()) {
                    inFlight.set(false);
                    continue; // someone else took them; look again in case more arrived
                }
                send(ids);
                return;
            }
        }

        private void send(List<String> ids) {
            try {
                runtime.link(key).commands().xack(key, group, ids.toArray(String[]::new)).whenComplete((count, ex) -> {
                    if (ex != null) {
                        onFailure.accept(String.join(",", ids), ex);
                    }
                    inFlight.set(false);
                    flush();
                });
            }
            catch (RuntimeException ex) {
                onFailure.accept(String.join(",", ids), ex);
                inFlight.set(false);
            }
        }
    }
}
