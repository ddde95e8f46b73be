package dev.amb.spi.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A bounded queue drained by at most {@code concurrency} workers at once: the per-subscription
 * buffer of a push-style broker adapter.
 *
 * <p>Items are handed to the worker in FIFO order; with a concurrency of 1 they are also handled
 * one at a time in that order. Workers run on the given {@link Executor} and are only started
 * while there is work: a worker that finds the queue empty waits up to {@value #LINGER_MICROS} µs
 * for the next item (a steady stream then keeps its worker instead of starting one per item,
 * which would cost a thread hand-off each) and then gives its thread back, so an idle dispatcher
 * holds no thread.
 *
 * <p><b>Threading:</b> every method is thread safe. {@link #offer(Object)} never blocks: when the
 * queue holds {@code capacity} items it returns {@code false} and the caller decides (the memory
 * broker fails the publisher's future). {@link #requeue(Object)} ignores the capacity so that a
 * message already accepted is never lost to a full queue. The worker must not throw; a
 * {@code RuntimeException} that escapes it is logged, an {@code Error} is rethrown after the
 * dispatcher has been left consistent.
 *
 * <p><b>Inline hand-off:</b> a dispatcher created with {@code inline} runs an offered item on the
 * offering thread itself when no item waits and a worker slot is free (it then counts as a
 * worker: {@link #isWorkerThread()} is {@code true} and {@link #close(Duration)} waits for it);
 * otherwise it queues the item as usual. That saves the thread hand-off for a worker that is
 * quick and never blocks (the bus's reply inbox), at the price of running it on the broker
 * client's thread; never use it for user handlers.
 *
 * <p><b>Closing:</b> {@link #close(Duration)} stops new work at once, returns the items that were
 * queued but not started, and waits up to the grace period for running workers (not for the
 * calling thread, when a worker closes its own dispatcher); workers still running after it are
 * interrupted. An interrupt of the closing thread ends the wait early but still returns the
 * queued items. Idempotent.
 *
 * @param <T> the queued items
 * @since 0.1.0
 */
public final class BoundedDispatcher<T> {

    /** How long a worker that found the queue empty waits for the next item, microseconds. */
    static final long LINGER_MICROS = 200;

    private static final Log logger = LogFactory.getLog(BoundedDispatcher.class);

    private final String name;

    private final int capacity;

    private final int concurrency;

    private final Executor executor;

    private final Consumer<T> worker;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition idle = lock.newCondition();

    /** Signalled when an item arrives while a worker lingers. */
    private final Condition work = lock.newCondition();

    private final ArrayDeque<T> queue = new ArrayDeque<>();

    private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();

    /** Drain tasks submitted or running; guarded by {@link #lock}. */
    private int running;

    /** Workers waiting for an item before they give their thread back; guarded by {@link #lock}. */
    private int lingering;

    private final boolean inline;

    private boolean paused;

    private boolean closed;

    /**
     * Creates a dispatcher.
     * @param name names the dispatcher in thread names and log messages
     * @param capacity the most items {@link #offer} accepts before refusing
     * @param concurrency the most workers running at once
     * @param executor runs the workers; it should create threads on demand (a cached pool)
     * @param worker handles one item
     */
    public BoundedDispatcher(String name, int capacity, int concurrency, Executor executor, Consumer<T> worker) {
        this(name, capacity, concurrency, executor, worker, false);
    }

    /**
     * Creates a dispatcher that may run items on the offering thread (see the class description).
     * @param name names the dispatcher in thread names and log messages
     * @param capacity the most items {@link #offer} accepts before refusing
     * @param concurrency the most workers running at once (an item run inline counts as one)
     * @param executor runs the workers; it should create threads on demand (a cached pool)
     * @param worker handles one item
     * @param inline {@code true} to run an item on the offering thread when nothing waits and a
     *        worker slot is free
     */
    public BoundedDispatcher(String name, int capacity, int concurrency, Executor executor, Consumer<T> worker,
            boolean inline) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be 1 or more, was " + capacity);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.capacity = capacity;
        this.concurrency = concurrency;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.inline = inline;
    }

    /**
     * Queues an item unless the queue is full or the dispatcher closed.
     * @param item the item
     * @return {@code false} when the item was not accepted
     */
    public boolean offer(T item) {
        return enqueue(item, true, inline);
    }

    /**
     * Like {@link #offer(Object)}, but runs the item on the calling thread when no item waits and
     * a worker slot is free, whether or not the dispatcher was created {@code inline}. For an
     * adapter thread that belongs to this subscription alone (a core NATS subscription's own jnats
     * dispatcher) with a concurrency of 1: the handler then blocks only what it would block anyway,
     * and a message costs no thread hand-off.
     * @param item the item
     * @return {@code false} when the item was not accepted
     */
    public boolean offerOrRun(T item) {
        return enqueue(item, true, true);
    }

    /**
     * Queues an item whatever the queue's size (for redelivery of an item already accepted once).
     * @param item the item
     * @return {@code false} only when the dispatcher is closed
     */
    public boolean requeue(T item) {
        return enqueue(item, false, inline);
    }

    private boolean enqueue(T item, boolean bounded, boolean mayRunHere) {
        int toStart;
        lock.lock();
        try {
            if (closed || (bounded && queue.size() >= capacity)) {
                return false;
            }
            if (mayRunHere && !paused && queue.isEmpty() && running < concurrency) {
                running++;
                toStart = -1;
            }
            else {
                queue.addLast(item);
                if (lingering > 0 && !paused) {
                    work.signal();
                }
                toStart = reserveWorkers();
            }
        }
        finally {
            lock.unlock();
        }
        if (toStart < 0) {
            runHere(item);
        }
        else {
            startWorkers(toStart);
        }
        return true;
    }

    /** Runs one item on the offering thread, counted as a running worker (see {@code inline}). */
    private void runHere(T item) {
        Thread thread = Thread.currentThread();
        boolean registered = workerThreads.add(thread);
        try {
            worker.accept(item);
        }
        catch (RuntimeException ex) {
            logger.error("Dispatcher '" + name + "': worker failed on the offering thread; continuing", ex);
        }
        finally {
            if (registered) {
                workerThreads.remove(thread);
            }
            int toStart;
            lock.lock();
            try {
                running--;
                idle.signalAll();
                toStart = reserveWorkers(); // what arrived meanwhile goes to pool workers, in order
            }
            finally {
                lock.unlock();
            }
            startWorkers(toStart);
        }
    }

    /** Stops starting work until {@link #resume()}; running workers finish their current item. */
    public void pause() {
        lock.lock();
        try {
            paused = true;
            work.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /** Starts work again after {@link #pause()}. */
    public void resume() {
        int toStart;
        lock.lock();
        try {
            paused = false;
            if (lingering > 0) {
                work.signalAll();
            }
            toStart = reserveWorkers();
        }
        finally {
            lock.unlock();
        }
        startWorkers(toStart);
    }

    /** @return the number of queued items not yet handed to a worker */
    public int size() {
        lock.lock();
        try {
            return queue.size();
        }
        finally {
            lock.unlock();
        }
    }

    /** @return the capacity given at construction */
    public int capacity() {
        return capacity;
    }

    /** @return {@code true} when the queue holds {@code capacity} items or more */
    public boolean isFull() {
        return size() >= capacity;
    }

    /** @return {@code true} once {@link #close(Duration)} was called */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        }
        finally {
            lock.unlock();
        }
    }

    /** @return {@code true} when the calling thread is one of this dispatcher's workers */
    public boolean isWorkerThread() {
        return workerThreads.contains(Thread.currentThread());
    }

    /**
     * Closes the dispatcher.
     * @param grace how long to wait for running workers
     * @return the items queued but never started (empty on a second call)
     */
    public List<T> close(Duration grace) {
        List<T> leftover = List.of();
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            closed = true;
            work.signalAll();
            leftover = new ArrayList<>(queue);
            queue.clear();
            int self = isWorkerThread() ? 1 : 0;
            long remaining = grace.toNanos();
            while (running > self && remaining > 0) {
                remaining = idle.awaitNanos(remaining);
            }
            if (running > self) {
                logger.warn("Dispatcher '" + name + "': " + (running - self) + " worker(s) still running after the "
                        + grace.toMillis() + " ms grace period; interrupting them");
                workerThreads.stream().filter(t -> t != Thread.currentThread()).forEach(Thread::interrupt);
            }
            return leftover;
        }
        catch (InterruptedException ex) {
            // stop waiting, but the queued items are still the caller's to return or count
            Thread.currentThread().interrupt();
            return leftover;
        }
        finally {
            lock.unlock();
        }
    }

    /** Must hold the lock. Returns how many new workers to start and counts them as running. */
    private int reserveWorkers() {
        if (paused || closed || queue.isEmpty()) {
            return 0;
        }
        // lingering workers take queued items first; start more only for what they cannot take
        int wanted = Math.min(concurrency - running, queue.size() - lingering);
        if (wanted <= 0) {
            return 0;
        }
        running += wanted;
        return wanted;
    }

    private void startWorkers(int count) {
        for (int i = 0; i < count; i++) {
            try {
                executor.execute(this::drain);
            }
            catch (RejectedExecutionException ex) {
                workerStopped();
                logger.debug("Dispatcher '" + name + "': executor refused a worker (shutting down)", ex);
            }
        }
    }

    private void drain() {
        Thread thread = Thread.currentThread();
        String originalName = thread.getName();
        thread.setName(name);
        workerThreads.add(thread);
        boolean counted = true;
        try {
            T item;
            while ((item = next()) != null) {
                try {
                    worker.accept(item);
                }
                catch (RuntimeException ex) {
                    logger.error("Dispatcher '" + name + "': worker failed; continuing with the next item", ex);
                }
            }
            counted = false; // next() returned null and already counted this worker out
        }
        finally {
            workerThreads.remove(thread);
            thread.setName(originalName);
            if (counted) {
                // an Error escaped the worker: count this worker out and let another take over
                int toStart;
                lock.lock();
                try {
                    running--;
                    idle.signalAll();
                    toStart = reserveWorkers();
                }
                finally {
                    lock.unlock();
                }
                startWorkers(toStart);
            }
        }
    }

    /**
     * Takes the next item, waiting up to {@value #LINGER_MICROS} µs for one when the queue is empty,
     * or counts the calling worker out and returns {@code null}.
     */
    private T next() {
        lock.lock();
        try {
            long linger = TimeUnit.MICROSECONDS.toNanos(LINGER_MICROS);
            while (!paused && !closed) {
                T item = queue.pollFirst();
                if (item != null) {
                    return item;
                }
                if (linger <= 0) {
                    break;
                }
                lingering++;
                try {
                    linger = work.awaitNanos(linger);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt(); // closing: give the thread back now
                    break;
                }
                finally {
                    lingering--;
                }
            }
            running--;
            idle.signalAll();
            return null;
        }
        finally {
            lock.unlock();
        }
    }

    private void workerStopped() {
        lock.lock();
        try {
            running--;
            idle.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "BoundedDispatcher[" + name + "]";
    }
}
