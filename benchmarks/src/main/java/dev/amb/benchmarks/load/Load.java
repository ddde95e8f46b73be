package dev.amb.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What every contender's measurements share: payloads, publisher threads, awaiting the last
 * message, request windows and percentiles.
 */
public final class Load {

    /** At most this many publishes (or requests' first hop) are unconfirmed at once on every side. */
    public static final int WINDOW = 1_000;

    /** How long the last message of a round may take before the round fails. */
    private static final long TIMEOUT_SECONDS = 180;

    private Load() {
    }

    /**
     * A throughput case.
     * @param payloadBytes the payload size (AMB and the peers send a string of this many
     *        characters less two, which is this many bytes as JSON; raw clients send the bytes)
     * @param publishers how many publisher threads
     * @param messages how many messages in all
     */
    public record Throughput(int payloadBytes, int publishers, int messages) {

        /** @return the string payload AMB and the Spring peers send */
        public String text() {
            return "x".repeat(Math.max(0, payloadBytes - 2));
        }

        /** @return the byte payload raw clients send */
        public byte[] bytes() {
            byte[] bytes = new byte[payloadBytes];
            Arrays.fill(bytes, (byte) 'x');
            return bytes;
        }

        /**
         * @param publisher a publisher's index
         * @return how many messages that publisher sends
         */
        public int share(int publisher) {
            return messages / publishers + (publisher < messages % publishers ? 1 : 0);
        }
    }

    /** What one publisher thread does: publishes its share. */
    @FunctionalInterface
    public interface Publisher {

        /**
         * @param count how many messages to publish
         * @throws Exception when publishing fails
         */
        void publish(int count) throws Exception;
    }

    /**
     * Runs the publishers, one thread each, and waits until {@code done} counted every message.
     * @param load the case
     * @param done counted down by the subscriber for every message handled
     * @param publisher what each publisher thread runs
     * @return messages per second, first publish to last message handled
     * @throws Exception when a publisher failed or the messages did not all arrive
     */
    public static double publish(Throughput load, CountDownLatch done, Publisher publisher) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < load.publishers(); i++) {
            int count = load.share(i);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    publisher.publish(count);
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }, "load-publisher-" + i);
            thread.start();
            threads.add(thread);
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a publisher failed", failure.get());
        }
        await(done);
        return load.messages() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Waits for a latch.
     * @param latch the latch
     * @throws InterruptedException when interrupted
     */
    public static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(latch.getCount() + " messages still missing after " + TIMEOUT_SECONDS + " s");
        }
    }

    /**
     * Sends requests, at most {@code inFlight} outstanding, and records each round trip.
     * @param requests how many
     * @param inFlight how many at once
     * @param request starts one request; its future completes with the reply
     * @return every round trip, nanoseconds
     * @throws Exception when a request failed
     */
    public static long[] requests(int requests, int inFlight, Supplier<CompletableFuture<?>> request) throws Exception {
        long[] nanos = new long[requests];
        Semaphore window = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(requests);
        for (int i = 0; i < requests && failure.get() == null; i++) {
            if (!window.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no reply within " + TIMEOUT_SECONDS + " s");
            }
            int index = i;
            long start = System.nanoTime();
            request.get().whenComplete((reply, ex) -> {
                nanos[index] = System.nanoTime() - start;
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
                window.release();
                done.countDown();
            });
        }
        if (failure.get() == null) {
            await(done);
        }
        if (failure.get() != null) {
            throw new ExecutionException("a request failed", failure.get());
        }
        return nanos;
    }

    /**
     * @param nanos round trips
     * @return p50, p99 and p99.9 in microseconds
     */
    public static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] { at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999) };
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e3;
    }

    /**
     * A unique suffix for queue, topic and subject names.
     * @return eight hex characters
     */
    public static String unique() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
