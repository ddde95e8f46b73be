package dev.amb.benchmarks.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link Load#publish} for an at-most-once broker (core NATS; Redis pub/sub would need the same),
 * where a message lost on the way (a slow consumer whose client or server dropped it) never
 * arrives: once the subscriber has received nothing for {@value #STALL_SECONDS} s the round ends
 * and fails, naming how many messages were lost and why, instead of waiting for the load tool's
 * timeout.
 */
final class AtMostOnce {

    /** How long the subscriber may receive nothing before the missing messages count as lost. */
    static final int STALL_SECONDS = 5;

    private AtMostOnce() {
    }

    /**
     * Runs {@link Load#publish} while a watcher thread ends the wait once messages stop arriving.
     * @param load the case
     * @param done counted down by the subscriber for every message handled
     * @param publisher what each publisher thread runs
     * @param cause what the broker's client reported (slow consumers, errors), for the failure message
     * @return messages per second, first publish to last message handled
     * @throws Exception when a publisher failed, or with {@link IllegalStateException} when messages were lost
     */
    static double publish(Load.Throughput load, CountDownLatch done, Load.Publisher publisher, Supplier<String> cause)
            throws Exception {
        long[] lost = { 0 };
        Thread watcher = new Thread(() -> watch(done, lost), "load-loss-watch");
        watcher.setDaemon(true);
        watcher.start();
        try {
            double rate = Load.publish(load, done, publisher);
            watcher.join();
            if (lost[0] > 0) {
                throw new IllegalStateException(lost[0] + " of " + load.messages()
                        + " messages lost (nothing arrived for " + STALL_SECONDS + " s; at-most-once: " + cause.get() + ")");
            }
            return rate;
        }
        finally {
            watcher.interrupt();
        }
    }

    /** Waits until the latch is down; when it stalls, records what is missing and releases it. */
    private static void watch(CountDownLatch done, long[] lost) {
        long last = done.getCount();
        long since = System.nanoTime();
        try {
            while (!done.await(50, TimeUnit.MILLISECONDS)) {
                long now = done.getCount();
                if (now != last) {
                    last = now;
                    since = System.nanoTime();
                }
                else if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                    lost[0] = now;
                    while (done.getCount() > 0) {
                        done.countDown();
                    }
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
