package dev.amb.broker.kafka;

import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;

/**
 * What one subscription has read from one partition and what of it is settled: the offset it may
 * commit is the first offset not yet settled (so commits advance in order per partition, never
 * past a message still being handled or waiting for redelivery), or one past the last record read
 * when everything is settled.
 *
 * <p><b>Threading:</b> {@link #track(long)}, {@link #committable()} and the commit bookkeeping run
 * on the subscription's poll thread; {@link #settle(long)}, {@link #started()} and
 * {@link #released()} on delivery threads. All methods are synchronized.
 */
final class PartitionProgress {

    private final TopicPartition partition;

    private final TreeSet<Long> unsettled = new TreeSet<>();

    private long lastTracked = -1;

    private long committed = -1;

    /** Deliveries of this partition handed to the handler and neither settled nor nacked. */
    private int held;

    private volatile boolean revoked;

    PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    synchronized void track(long offset) {
        unsettled.add(offset);
        lastTracked = Math.max(lastTracked, offset);
    }

    synchronized void settle(long offset) {
        unsettled.remove(offset);
    }

    synchronized void started() {
        held++;
    }

    synchronized void released() {
        held = Math.max(0, held - 1);
    }

    synchronized int held() {
        return held;
    }

    /** @return the offset to commit (the next one to read after a restart), or -1 when none yet */
    synchronized long committable() {
        if (lastTracked < 0) {
            return -1;
        }
        return unsettled.isEmpty() ? lastTracked + 1 : unsettled.first();
    }

    /**
     * @return the committable offset when it is beyond the last commit, else -1; marks it committed
     */
    synchronized long nextCommit() {
        long offset = committable();
        if (offset <= committed) {
            return -1;
        }
        committed = offset;
        return offset;
    }

    /** An asynchronous commit failed: the next commit sends the committable offset again. */
    synchronized void commitFailed() {
        committed = -1;
    }

    /** The partition went to another member (or the subscription closes): stop handing out its records. */
    void revoke() {
        revoked = true;
    }

    boolean isRevoked() {
        return revoked;
    }
}
