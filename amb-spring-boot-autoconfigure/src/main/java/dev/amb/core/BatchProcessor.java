package dev.amb.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.amb.BatchMessageHandler;
import dev.amb.Message;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Retrier;

/**
 * The inbound pipeline of a {@link dev.amb.AckMode#BATCH} subscription: prepared messages collect
 * in a buffer of at most {@code batchSize}; the batch is handed to the handler when it is full (on
 * the delivery thread that filled it) or when {@code batchTimeout} has passed since its first
 * message (on a bus worker thread). The whole batch is acknowledged when the handler returns; when
 * it throws, the whole batch is retried under the retry policy (its messages carrying the attempt
 * number), and when the attempts are used up each of its messages is dead-lettered on its own.
 *
 * <p><b>Threading:</b> the buffer is guarded by one lock and batches of one subscription never
 * overlap (a second lock serializes handler calls), so a delivery thread that fills the next batch
 * while one is being handled waits: that is the subscription's backpressure.
 *
 * @param <T> the payload type
 */
final class BatchProcessor<T> implements DeliveryHandler {

    private final InboundPreparer<T> preparer;

    private final BatchMessageHandler<T> handler;

    private final BusCounters counters;

    private final Retrier retrier;

    private final ScheduledExecutorService timer;

    private final Executor workers;

    private final int batchSize;

    private final Duration batchTimeout;

    private final ReentrantLock bufferLock = new ReentrantLock();

    private final ReentrantLock handlerLock = new ReentrantLock();

    private List<Item<T>> buffer = new ArrayList<>();

    private ScheduledFuture<?> timeoutTask;

    BatchProcessor(InboundPreparer<T> preparer, BatchMessageHandler<T> handler, BusCounters counters, Retrier retrier,
            ScheduledExecutorService timer, Executor workers) {
        this.preparer = preparer;
        this.handler = handler;
        this.counters = counters;
        this.retrier = retrier;
        this.timer = timer;
        this.workers = workers;
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
        List<Item<T>> full = null;
        bufferLock.lock();
        try {
            buffer.add(new Item<>(delivery, message));
            if (buffer.size() >= batchSize) {
                full = takeBuffer();
            }
            else if (buffer.size() == 1) {
                scheduleTimeout();
            }
        }
        finally {
            bufferLock.unlock();
        }
        if (full != null) {
            handle(full);
        }
    }

    /** Hands over whatever is buffered now (used when the subscription closes). */
    void drain() {
        List<Item<T>> rest;
        bufferLock.lock();
        try {
            rest = takeBuffer();
        }
        finally {
            bufferLock.unlock();
        }
        if (!rest.isEmpty()) {
            handle(rest);
        }
    }

    private void scheduleTimeout() {
        try {
            timeoutTask = timer.schedule(() -> dispatchTimeout(), batchTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            // the bus is closing; drain() hands the buffer over
        }
    }

    private void dispatchTimeout() {
        try {
            workers.execute(this::drain);
        }
        catch (RejectedExecutionException ex) {
            // the bus is closing; drain() hands the buffer over
        }
    }

    /** Must hold the buffer lock. */
    private List<Item<T>> takeBuffer() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
        List<Item<T>> taken = buffer;
        buffer = new ArrayList<>(Math.min(batchSize, 1024));
        return taken;
    }

    private void handle(List<Item<T>> batch) {
        handlerLock.lock();
        try {
            int first = batch.stream().mapToInt(item -> item.message().deliveryAttempt()).max().orElse(1);
            int[] last = { first };
            try {
                retrier.run(first, attempt -> {
                    last[0] = attempt;
                    if (attempt > first) {
                        counters.retries.increment();
                    }
                    List<Message<T>> messages = batch.stream()
                        .<Message<T>>map(item -> item.message().withAttempt(attempt))
                        .toList();
                    try {
                        handler.handle(messages);
                    }
                    catch (Exception ex) {
                        counters.handlerFailures.increment();
                        throw ex;
                    }
                });
                counters.handled.add(batch.size());
                batch.forEach(item -> item.delivery().ack());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                batch.forEach(item -> preparer.failures().interrupted(preparer.subscription(), item.delivery()));
            }
            catch (Exception ex) {
                for (Item<T> item : batch) {
                    preparer.failures().handlerFailed(preparer.subscription(), item.delivery(), last[0], ex);
                }
            }
        }
        finally {
            handlerLock.unlock();
        }
    }

    private record Item<T>(Delivery delivery, DefaultMessage<T> message) {
    }
}
