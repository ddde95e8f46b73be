package dev.amb.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.BatchFailure;
import dev.amb.BatchMessageHandler;
import dev.amb.Message;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Retrier;

/**
 * The inbound pipeline of a {@link dev.amb.AckMode#BATCH} subscription: prepared messages collect
 * in a buffer of at most {@code batchSize}; the batch is ready when it is full or when
 * {@code batchTimeout} has passed since its first message. Ready batches are handed to the handler
 * by one runner per subscription (a bus worker, started while there is work), one batch at a time
 * and in the order they became ready. The batch is acknowledged when the handler returns; when it
 * throws, the whole batch is retried under the retry policy (its messages carrying the attempt
 * number), and when the attempts are used up each of its messages is dead-lettered on its own. A
 * {@link BatchFailure} fails only the messages it names (the others are acknowledged). An
 * {@code Error} returns the batch to the broker and is rethrown.
 *
 * <p><b>Backpressure:</b> at most one batch waits while another runs; a delivery thread whose
 * message would complete the next batch waits until the waiting batch has started, whether the
 * batches were completed by size or by the timeout. So a subscription holds at most about three
 * batches of unsettled messages and one runner thread.
 *
 * <p><b>Closing</b> ({@link #drain(Duration)}): the partial buffer becomes the last batch, the
 * runner finishes the ready batches within the grace period, and batches it could not start are
 * returned to the broker; a delivery arriving after that is returned too. When it returns, every
 * message this processor accepted is handled, returned or dead-lettered.
 *
 * <p><b>Threading:</b> {@link #onDelivery} runs on the broker's delivery threads, timeouts on the
 * bus timer (which only moves the buffer), handlers on the runner; all state is guarded by one lock.
 *
 * @param <T> the payload type
 */
final class BatchProcessor<T> implements DeliveryHandler {

    private static final Log logger = LogFactory.getLog(BatchProcessor.class);

    private final InboundPreparer<T> preparer;

    private final BatchMessageHandler<T> handler;

    private final SubscriptionCounters counters;

    private final Retrier retrier;

    private final ScheduledExecutorService timer;

    private final Executor workers;

    private final int batchSize;

    private final Duration batchTimeout;

    private final SubscriptionFactory.Observed observed;

    private final ReentrantLock lock = new ReentrantLock();

    /** Signalled when a ready batch starts (room for the next) and when closing starts. */
    private final Condition slotFree = lock.newCondition();

    /** Signalled when the runner stops. */
    private final Condition idle = lock.newCondition();

    private List<Item<T>> buffer = new ArrayList<>();

    private final ArrayDeque<List<Item<T>>> ready = new ArrayDeque<>();

    private ScheduledFuture<?> timeoutTask;

    /** The buffer's timeout passed while another batch was waiting: the runner takes it next. */
    private boolean timeoutDue;

    private boolean running;

    private Thread runner;

    private boolean closing;

    BatchProcessor(InboundPreparer<T> preparer, BatchMessageHandler<T> handler, Retrier retrier,
            ScheduledExecutorService timer, Executor workers, SubscriptionFactory.Observed observed) {
        this.preparer = preparer;
        this.handler = handler;
        this.counters = preparer.subscription().counters();
        this.retrier = retrier;
        this.timer = timer;
        this.workers = workers;
        this.observed = observed;
        this.batchSize = preparer.subscription().options().batchSize();
        this.batchTimeout = preparer.subscription().options().batchTimeout();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (preparer.failures().retryPendingDeadLetter(preparer.subscription(), delivery)) {
            return;
        }
        DefaultMessage<T> message = preparer.prepare(delivery);
        if (message == null) {
            return;
        }
        boolean accepted = false;
        lock.lock();
        try {
            while (!closing && buffer.size() + 1 >= batchSize && !ready.isEmpty()) {
                slotFree.await();
            }
            if (!closing) {
                buffer.add(new Item<>(delivery, message));
                accepted = true;
                if (buffer.size() >= batchSize) {
                    makeReady(takeBuffer());
                }
                else if (buffer.size() == 1) {
                    scheduleTimeout();
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            lock.unlock();
        }
        if (!accepted) {
            // closing, or the delivery thread was interrupted while it waited: back to the broker
            preparer.failures().interrupted(preparer.subscription(), delivery);
        }
    }

    /**
     * Closes the processor: hands the buffer over and waits up to {@code grace} for the runner;
     * batches not started by then, and the one running if it is interrupted, go back to the broker.
     * @param grace how long the running handler may take
     */
    void drain(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<List<Item<T>>> unstarted = new ArrayList<>();
        lock.lock();
        try {
            if (!closing) {
                closing = true;
                cancelTimeout();
                if (!buffer.isEmpty()) {
                    makeReady(takeBuffer());
                }
                slotFree.signalAll();
            }
            boolean self = runner == Thread.currentThread();
            long left = deadline - System.nanoTime();
            while (running && !self && left > 0) {
                left = idle.awaitNanos(left);
            }
            if (running && !self) {
                unstarted.addAll(ready);
                ready.clear();
                if (runner != null) {
                    logger.warn("Batch handler of subscription '" + preparer.subscription().id() + "' still running after "
                            + grace.toMillis() + " ms; interrupting it");
                    runner.interrupt();
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            unstarted.addAll(ready);
            ready.clear();
        }
        finally {
            lock.unlock();
        }
        for (List<Item<T>> batch : unstarted) {
            batch.forEach(item -> preparer.failures().interrupted(preparer.subscription(), item.delivery()));
        }
    }

    /** Must hold the lock. */
    private void makeReady(List<Item<T>> batch) {
        ready.addLast(batch);
        if (running) {
            return;
        }
        running = true;
        try {
            workers.execute(this::run);
        }
        catch (RejectedExecutionException ex) {
            // the bus's workers are gone (the bus closed): nothing can run the batches any more
            running = false;
            idle.signalAll();
            List<List<Item<T>>> stranded = new ArrayList<>(ready);
            ready.clear();
            stranded.forEach(each -> each.forEach(item -> preparer.failures().interrupted(preparer.subscription(),
                    item.delivery())));
        }
    }

    private void scheduleTimeout() {
        try {
            timeoutTask = timer.schedule(this::timedOut, batchTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            timeoutDue = true; // the timer is gone (the bus closed); the runner or drain() takes the buffer
        }
    }

    /** On the bus timer: the buffer's first message waited {@code batchTimeout}. */
    private void timedOut() {
        lock.lock();
        try {
            timeoutTask = null;
            if (closing || buffer.isEmpty()) {
                return;
            }
            if (ready.isEmpty()) {
                makeReady(takeBuffer());
            }
            else {
                timeoutDue = true;
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** The runner: handles ready batches one after another until there are none. */
    private void run() {
        boolean finished = false;
        try {
            while (true) {
                List<Item<T>> batch;
                lock.lock();
                try {
                    runner = Thread.currentThread();
                    batch = ready.pollFirst();
                    if (batch == null && !buffer.isEmpty() && (timeoutDue || closing)) {
                        batch = takeBuffer();
                    }
                    if (batch == null) {
                        stopRunner();
                        finished = true;
                        return;
                    }
                    slotFree.signalAll();
                }
                finally {
                    lock.unlock();
                }
                handle(batch);
            }
        }
        finally {
            if (!finished) {
                // an Error escaped a handler (its batch was returned to the broker): let another runner go on
                lock.lock();
                try {
                    stopRunner();
                    if (!ready.isEmpty()) {
                        makeReady(ready.pollFirst());
                    }
                }
                finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Must hold the lock. */
    private void stopRunner() {
        running = false;
        runner = null;
        Thread.interrupted(); // an interrupt meant for the last batch must not reach the pool's next task
        idle.signalAll();
    }

    /** Must hold the lock. */
    private List<Item<T>> takeBuffer() {
        cancelTimeout();
        timeoutDue = false;
        List<Item<T>> taken = buffer;
        buffer = new ArrayList<>(Math.min(batchSize, 1024));
        return taken;
    }

    private void cancelTimeout() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
    }

    private void handle(List<Item<T>> batch) {
        counters.started();
        try {
            handleCounted(batch);
        }
        finally {
            counters.finished();
        }
    }

    private void handleCounted(List<Item<T>> batch) {
        int first = batch.stream().mapToInt(item -> item.message().deliveryAttempt()).max().orElse(1);
        int[] last = { first };
        List<List<Item<T>>> remaining = new ArrayList<>(List.of(batch));
        try {
            retrier.run(first, attempt -> {
                last[0] = attempt;
                if (attempt > first) {
                    counters.retried.increment();
                }
                attempt(remaining, attempt);
            });
            List<Item<T>> done = remaining.get(0);
            counters.handled.add(done.size());
            done.forEach(item -> item.delivery().ack());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            remaining.get(0).forEach(item -> preparer.failures().interrupted(preparer.subscription(), item.delivery()));
        }
        catch (Exception ex) {
            for (Item<T> item : remaining.get(0)) {
                preparer.failures().handlerFailed(preparer.subscription(), item.delivery(), last[0], ex);
            }
        }
        catch (Error error) {
            remaining.get(0).forEach(item -> item.delivery().nack(Duration.ZERO));
            throw error;
        }
    }

    /**
     * One handler call on the messages still failing; a {@link BatchFailure} acknowledges the others
     * and narrows {@code remaining} to the failed ones before the retry policy sees its cause.
     */
    private void attempt(List<List<Item<T>>> remaining, int attempt) throws Exception {
        List<Item<T>> current = remaining.get(0);
        List<Message<T>> messages = current.stream().<Message<T>>map(item -> item.message().withAttempt(attempt)).toList();
        long start = System.nanoTime();
        try {
            observed.observer().processBatch(current.stream().map(item -> item.message().envelope()).toList(),
                    observed.subscription(), attempt, () -> handler.handle(messages));
            counters.handlerSuccess.record(System.nanoTime() - start);
        }
        catch (BatchFailure failure) {
            counters.handlerFailures.increment();
            counters.handlerFailure.record(System.nanoTime() - start);
            List<Integer> indexes = failure.failedIndexes();
            if (indexes.get(indexes.size() - 1) >= current.size()) {
                throw new IllegalStateException("BatchFailure names message " + indexes.get(indexes.size() - 1)
                        + " of a batch of " + current.size() + "; the whole batch failed", failure);
            }
            List<Item<T>> failed = new ArrayList<>(indexes.size());
            List<Item<T>> succeeded = new ArrayList<>(current.size() - indexes.size());
            for (int i = 0, next = 0; i < current.size(); i++) {
                if (next < indexes.size() && indexes.get(next) == i) {
                    failed.add(current.get(i));
                    next++;
                }
                else {
                    succeeded.add(current.get(i));
                }
            }
            counters.handled.add(succeeded.size());
            succeeded.forEach(item -> item.delivery().ack());
            remaining.set(0, failed);
            throw failure.getCause() instanceof Exception cause ? cause : failure;
        }
        catch (Exception ex) {
            counters.handlerFailures.increment();
            counters.handlerFailure.record(System.nanoTime() - start);
            throw ex;
        }
    }

    private record Item<T>(Delivery delivery, DefaultMessage<T> message) {
    }
}
