package dev.amb.spi.support;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a broker adapter (or the bus) owns: a pool of daemon handler threads, a one-thread
 * daemon timer, and stopping both within a grace period. Thread names say whose threads they are.
 *
 * @since 0.1.0
 */
public final class AdapterThreads {

    private AdapterThreads() {
    }

    /**
     * Daemon threads named after {@code name}: a name ending in {@code -} gets a running number
     * ({@code amb-redis-worker-1}, {@code -2}, ...), any other name is used as it is.
     * @param name the thread name or name prefix
     * @return the thread factory
     */
    public static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name.endsWith("-") ? name + counter.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * @param prefix the thread name prefix, ending in {@code -}
     * @return an unbounded cached pool of daemon threads (the adapter bounds the work it submits)
     */
    public static ExecutorService workers(String prefix) {
        return Executors.newCachedThreadPool(daemon(prefix));
    }

    /**
     * @param name the timer thread's name (or prefix, see {@link #daemon(String)})
     * @return a one-thread daemon timer that forgets cancelled tasks at once
     */
    public static ScheduledExecutorService timer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon(name));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * Stops the timer at once (pending delayed tasks are dropped) and the workers within the grace
     * period, interrupting those still running after it.
     * @param timer the timer
     * @param workers the handler threads
     * @param grace how long running handlers may take to finish
     */
    public static void stop(ScheduledExecutorService timer, ExecutorService workers, Duration grace) {
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                workers.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param deadline a {@link System#nanoTime()} deadline
     * @return the time left until it, zero once it passed
     */
    public static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
