package dev.amb.spi.support;

import java.time.Duration;

/**
 * How many messages a subscription of a durable broker may hold unsettled (read ahead, queued, in
 * its handlers), from the pace its handlers keep, so that a slow consumer never holds more than it
 * can work off before the broker's redelivery deadline (JetStream's ack-wait, the Redis Streams
 * claim idle time) while a fast one reads far enough ahead to keep its handlers busy.
 *
 * <p>The bound is what the handlers get through in half the deadline at the measured pace
 * ({@code concurrency x deadline / 2 / average handling time}), at most {@code max} but never
 * less than the concurrency (every handler may have a message); before the first message is settled it is {@code 2 x concurrency}. The average
 * is an exponentially smoothed mean (weight 1/8) of the time from handing a message to the handler
 * until it is settled. An unpaced instance (a broadcast subscription nobody else reads) always
 * allows {@code max}.
 *
 * <p>Thread safe: {@link #handled(long)} is called from whatever thread settles, {@link #readAhead()}
 * from the adapter's reading thread; a lost update of the average under a race only delays it by one
 * sample.
 *
 * @since 0.3.0
 */
public final class ReadAheadPace {

    private static final int SMOOTHING = 8;

    private final int concurrency;

    private final int max;

    private final long windowNanos;

    private final boolean paced;

    /** Smoothed handling time in nanoseconds, -1 before the first sample. */
    private volatile long averageHandlingNanos = -1;

    /**
     * @param concurrency how many handlers of the subscription run at once (1 or more)
     * @param max the most messages it may ever hold (1 or more, the adapter's prefetch or queue size)
     * @param deadline the broker's redelivery deadline for a message held and not settled
     * @param paced {@code false} to always allow {@code max} (nobody else could take the messages)
     */
    public ReadAheadPace(int concurrency, int max, Duration deadline, boolean paced) {
        if (concurrency < 1 || max < 1) {
            throw new IllegalArgumentException("concurrency and max must be 1 or more, were " + concurrency + " and " + max);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the redelivery deadline must be positive, was " + deadline);
        }
        this.concurrency = concurrency;
        this.max = max;
        this.windowNanos = deadline.toNanos() / 2;
        this.paced = paced;
    }

    /**
     * Takes the handling time of a message just settled (acknowledged, rejected or handed back)
     * into account.
     * @param nanos from handing it to the handler until it was settled; negative when it was never
     *        handed to a handler (ignored)
     */
    public void handled(long nanos) {
        if (nanos < 0) {
            return;
        }
        long average = averageHandlingNanos;
        averageHandlingNanos = average < 0 ? nanos : average + (nanos - average) / SMOOTHING;
    }

    /** @return how many messages the subscription may hold unsettled now */
    public int readAhead() {
        if (!paced) {
            return max;
        }
        long average = averageHandlingNanos;
        long bound = average < 0 ? 2L * concurrency : concurrency * windowNanos / Math.max(1, average);
        return (int) Math.max(concurrency, Math.min(max, bound));
    }

    /** @return the smoothed handling time in nanoseconds, -1 before the first message was settled */
    public long averageHandlingNanos() {
        return averageHandlingNanos;
    }
}
