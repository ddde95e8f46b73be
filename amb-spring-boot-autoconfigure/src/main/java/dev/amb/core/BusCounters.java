package dev.amb.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what the bus did since it started. Cheap to update from any thread; read them
 * for tests, logs or metrics binders. Thread safe.
 *
 * @since 0.1.0
 */
public final class BusCounters {

    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder handled = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder undecodable = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder droppedFailures = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder deadLetterFailures = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder unmatchedReplies = new LongAdder();

    BusCounters() {
    }

    /** @return messages the broker accepted from this bus */
    public long published() {
        return published.sum();
    }

    /** @return publishes whose future failed */
    public long publishFailures() {
        return publishFailures.sum();
    }

    /** @return deliveries received from the broker, across all subscriptions */
    public long delivered() {
        return delivered.sum();
    }

    /** @return handler invocations that returned normally */
    public long handled() {
        return handled.sum();
    }

    /** @return handler invocations that threw (each attempt counts) */
    public long handlerFailures() {
        return handlerFailures.sum();
    }

    /** @return deliveries whose payload could not be decoded */
    public long undecodable() {
        return undecodable.sum();
    }

    /** @return deliveries a filter rejected */
    public long filtered() {
        return filtered.sum();
    }

    /** @return failed messages that were logged and dropped (dead letters disabled, or failing on the dead-letter topic) */
    public long droppedFailures() {
        return droppedFailures.sum();
    }

    /** @return messages sent to the dead-letter topic */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** @return dead letters the broker did not accept (the originals were returned for redelivery) */
    public long deadLetterFailures() {
        return deadLetterFailures.sum();
    }

    /** @return handler attempts after the first (retries) */
    public long retries() {
        return retries.sum();
    }

    /** @return replies that matched no pending request (late, duplicate or unknown) and were dropped */
    public long unmatchedReplies() {
        return unmatchedReplies.sum();
    }

    @Override
    public String toString() {
        return "BusCounters[published=" + published() + ", publishFailures=" + publishFailures() + ", delivered="
                + delivered() + ", handled=" + handled() + ", handlerFailures=" + handlerFailures() + ", undecodable="
                + undecodable() + ", filtered=" + filtered() + ", droppedFailures=" + droppedFailures() + ", deadLettered=" + deadLettered() + ", retries=" + retries()
                + ", unmatchedReplies=" + unmatchedReplies() + "]";
    }
}
