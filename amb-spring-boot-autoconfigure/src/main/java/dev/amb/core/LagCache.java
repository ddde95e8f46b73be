package dev.amb.core;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The last consumer lag a broker reported for one subscription. Reading never blocks: a value
 * older than {@value #MAX_AGE_MILLIS} ms starts one refresh in the background (given up after
 * {@value #TIMEOUT_MILLIS} ms) and the old value is returned meanwhile. Thread safe.
 */
final class LagCache {

    static final long MAX_AGE_MILLIS = 10_000;

    static final long TIMEOUT_MILLIS = 5_000;

    private final Supplier<CompletableFuture<OptionalLong>> source;

    private final AtomicBoolean refreshing = new AtomicBoolean();

    private volatile OptionalLong value = OptionalLong.empty();

    /** When the last refresh started (System.nanoTime); 0 before the first. */
    private volatile long refreshed;

    LagCache(Supplier<CompletableFuture<OptionalLong>> source) {
        this.source = source;
    }

    /** @return the last value, starting a refresh when it is stale */
    OptionalLong get() {
        long now = System.nanoTime();
        if ((refreshed == 0 || now - refreshed > TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS))
                && refreshing.compareAndSet(false, true)) {
            refreshed = now;
            CompletableFuture<OptionalLong> lag;
            try {
                lag = source.get();
            }
            catch (RuntimeException ex) {
                lag = CompletableFuture.failedFuture(ex);
            }
            lag.orTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).whenComplete((answer, error) -> {
                value = error == null && answer != null ? answer : OptionalLong.empty();
                refreshing.set(false);
            });
        }
        return value;
    }
}
