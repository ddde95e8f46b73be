package dev.amb.broker.redis;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.ReadAheadPace;

/**
 * How far a {@link StreamSubscription} reads ahead, from the pace its handlers keep, and the count
 * of pending entries it found trimmed away before they were handled.
 *
 * <p>A grouped subscription holds no more entries than its handlers get through in half of
 * {@code amb.redis.claim-idle-time} at the measured pace (a {@link ReadAheadPace}): at least its
 * concurrency, at most {@code amb.redis.prefetch}, 2 per worker until the first entry is settled. Renewal keeps what it
 * holds alive; this keeps what it holds small enough to be worked off, so a slow consumer does not
 * sit on a backlog other members could handle (review item 3). A broadcast subscription, which
 * nobody else reads, reads {@code prefetch} ahead.
 *
 * <p>Thread safe: settlements come from any thread, the reader asks from event loop threads.
 */
final class StreamPace {

    private static final Log logger = LogFactory.getLog(StreamPace.class);

    private final SubscriptionSpec spec;

    private final ReadAheadPace pace;

    private final AtomicLong trimmed = new AtomicLong();

    StreamPace(RedisBrokerSettings settings, SubscriptionSpec spec) {
        this.spec = spec;
        this.pace = new ReadAheadPace(spec.concurrency(), settings.prefetch(), settings.claimIdleTime(), spec.grouped());
    }

    /** Takes the handling time of an entry just settled (acknowledged, rejected or nacked) into account. */
    void settled(StreamDelivery delivery) {
        pace.handled(delivery.handlingNanos());
    }

    /** @return how many entries the subscription may hold unsettled now */
    int readAhead() {
        return pace.readAhead();
    }

    /** Counts and logs (when the total passes 1, 2, 4, 8...) pending entries trimmed before they were handled. */
    void trimmed(String key, int count) {
        long total = trimmed.addAndGet(count);
        long before = total - count;
        if (before == 0 || Long.highestOneBit(total) != Long.highestOneBit(before)) {
            logger.warn("Subscription '" + spec.id() + "' lost " + count + " pending entr" + (count == 1 ? "y" : "ies")
                    + " of '" + key + "' that were trimmed from the stream before they were handled (" + total
                    + " so far); raise amb.redis.stream-max-len or handle faster");
        }
    }

    /** @return how many pending entries were found trimmed away before they were handled */
    long trimmedCount() {
        return trimmed.get();
    }
}
