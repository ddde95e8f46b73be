package dev.amb.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What the bus remembers about messages it handed back to the broker (a dead letter still to be
 * published, failed attempts still to be counted), until their redelivery comes back. Bounded by
 * time, not by count: an entry is forgotten once it is older than its time to live, however many
 * there are, so a burst of failures is never silently left unrecorded and a redelivery that never
 * comes (another member took it, the process restarted) costs memory only until then. Expired
 * entries are swept on insertion at most every quarter of the time to live.
 *
 * <p>Thread safe.
 *
 * @param <V> what is remembered
 */
final class TimedMemory<V> {

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    private final long ttlNanos;

    private final LongSupplier nanoTime;

    private final AtomicLong nextSweep;

    TimedMemory(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.nextSweep = new AtomicLong(nanoTime.getAsLong() + ttlNanos / 4);
    }

    void put(String key, V value) {
        long now = nanoTime.getAsLong();
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + ttlNanos / 4)) {
            entries.values().removeIf(entry -> entry.expired(now));
        }
        entries.put(key, new Entry<>(value, now + ttlNanos));
    }

    /** @return the value remembered for the key and not yet expired (forgetting it), or {@code null} */
    V remove(String key) {
        if (entries.isEmpty()) {
            return null;
        }
        Entry<V> entry = entries.remove(key);
        return entry == null || entry.expired(nanoTime.getAsLong()) ? null : entry.value();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    void forgetKeys(Predicate<String> keys) {
        entries.keySet().removeIf(keys);
    }

    private record Entry<V>(V value, long expiresAt) {

        boolean expired(long now) {
            return now - expiresAt >= 0;
        }
    }
}
