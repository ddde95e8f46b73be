package dev.amb.security;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers the messages seen within the replay window, to reject a repeated one. Bounded: entries
 * older than the window are forgotten, and beyond {@code capacity} entries the oldest go first (a
 * replay of an evicted message within the window is then not recognised; the timestamp tolerance
 * still rejects it once it is older than the tolerance). Thread safe (one lock, held briefly).
 */
final class ReplayGuard {

    private final long windowNanos;

    private final int capacity;

    private final LongSupplier nanoTime;

    /** Key to the time it was first seen, in insertion (= time) order. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    ReplayGuard(Duration window, int capacity, LongSupplier nanoTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay capacity must be at least 1, was " + capacity);
        }
        this.windowNanos = window.toNanos();
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /** @return {@code true} the first time a key is offered within the window, {@code false} for a repeat */
    synchronized boolean firstTime(String key) {
        long now = nanoTime.getAsLong();
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext();) {
            if (now - it.next().getValue() < windowNanos) {
                break;
            }
            it.remove();
        }
        if (seen.containsKey(key)) {
            return false;
        }
        if (seen.size() >= capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        seen.put(key, now);
        return true;
    }

    synchronized int size() {
        return seen.size();
    }
}
