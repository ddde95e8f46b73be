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
     * Runs the tasks side by side, each on a daemon thread of its own, and returns when all have
     * finished (so closing several things takes as long as the slowest, not the sum). An
     * interrupt of the calling thread stops the wait, not the tasks, and is kept.
     * @param name the threads' name prefix, ending in {@code -}
     * @param tasks the tasks; one task runs on the calling thread
     */
    public static void inParallel(String name, java.util.List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        ThreadFactory factory = daemon(name);
        java.util.List<Thread> threads = tasks.stream().map(factory::newThread).toList();
        threads.forEach(Thread::start);
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs closing tasks side by side, each on a daemon thread of its own, and waits until all have
     * finished or {@code maxWait} has passed. Unlike {@link #inParallel}, an interrupt of the calling
     * thread neither stops the wait nor reaches the tasks (it is kept for the caller): a close that
     * is cut short would leave messages neither handled nor returned. The tasks must bound
     * themselves (each closes within a grace period); those still running after {@code maxWait} go
     * on in the background.
     * @param name the threads' name prefix, ending in {@code -}
     * @param tasks the closing tasks
     * @param maxWait the longest the caller waits
     * @return {@code true} when every task finished within {@code maxWait}
     */
    public static boolean closeInParallel(String name, java.util.List<Runnable> tasks, Duration maxWait) {
        ThreadFactory factory = daemon(name);
        java.util.List<Thread> threads = tasks.stream().map(factory::newThread).toList();
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean interrupted = false;
        try {
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedJoin(thread, left);
                    }
                    catch (InterruptedException ex) {
                        interrupted = true;
                    }
                }
            }
            return true;
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
