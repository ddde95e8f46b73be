package dev.amb.benchmarks.redis;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The closed loop of one throughput run: the publisher takes a permit per message, the subscriber
 * gives it back on delivery, so at most {@link Scenario#WINDOW} messages are in flight and the
 * measured rate is what the pair sustains end to end (a pub/sub subscriber that falls behind would
 * otherwise lose messages, which is not throughput).
 */
final class Deliveries {

    private final int expected;

    private final Semaphore window = new Semaphore(Scenario.WINDOW);

    private final AtomicInteger received = new AtomicInteger();

    private final CountDownLatch done = new CountDownLatch(1);

    Deliveries(int expected) {
        this.expected = expected;
    }

    void beforePublish() throws InterruptedException {
        if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no delivery for 30 s: messages were lost (" + received.get() + " received)");
        }
    }

    void delivered() {
        window.release();
        if (received.incrementAndGet() == expected) {
            done.countDown();
        }
    }

    /** Waits for the last delivery; returns the nanoseconds elapsed since {@code start}. */
    long awaitAll(long start) throws Exception {
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new TimeoutException("only " + received.get() + " of " + expected + " delivered");
        }
        return System.nanoTime() - start;
    }
}
