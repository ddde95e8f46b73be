package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.SubscriptionSpec;

/**
 * A grouped subscription: a member of the Kafka consumer group {@code <group-id-prefix><group
 * key>}, subscribed with one regular expression for all its patterns (Kafka finds new matching
 * topics every {@code metadata.max.age.ms}, which AMB sets to the topic discovery interval).
 *
 * <p>Offsets are committed by the poll thread after each poll, up to the first unsettled record
 * of each partition ({@link PartitionProgress}); before a partition moves to another member the
 * poll thread waits (at most the shutdown timeout) for its running handlers and commits
 * synchronously, so that a rebalance neither loses nor re-handles a settled message.
 *
 * <p>Subscribing waits (at most the connect timeout) until the member has joined the group and
 * received its first assignment, so that work is shared from the first message on.
 *
 * <p>A paused member leaves the group (after committing what it settled), so that its partitions
 * go to the other members, and joins again when resumed.
 */
final class GroupSubscription extends KafkaSubscription implements ConsumerRebalanceListener {

    private static final Log logger = LogFactory.getLog(GroupSubscription.class);

    private final CompletableFuture<Void> joined = new CompletableFuture<>();

    /** Whether the consumer is subscribed (a member of the group); poll thread only. */
    private boolean member;

    GroupSubscription(KafkaRuntime runtime, SubscriptionSpec spec, DeliveryHandler handler,
            KafkaConsumer<byte[], byte[]> consumer) {
        super(runtime, spec, handler, consumer);
    }

    /**
     * @return the group's lag on the partitions it committed offsets on (end offset minus committed
     *     offset), from the admin client without blocking
     */
    @Override
    public CompletableFuture<OptionalLong> lag() {
        try {
            return KafkaLag.of(runtime.admin(), runtime.settings().groupIdPrefix() + spec.groupKey().id());
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** Starts polling and waits for the first assignment. */
    void start() {
        startPolling();
        try {
            joined.get(runtime.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            logger.info("Kafka subscription '" + spec.id() + "' has not joined its group within "
                    + runtime.settings().connectTimeout().toMillis() + " ms; it keeps trying");
        }
        catch (ExecutionException ex) {
            logger.warn("Kafka subscription '" + spec.id() + "' could not join its group: " + ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void beforeFirstPoll() {
        join();
    }

    private void join() {
        consumer.subscribe(runtime.names().regex(spec.patterns()), this);
        member = true;
    }

    @Override
    protected void beforePoll() {
        if (isPaused() && member) {
            member = false;
            consumer.unsubscribe();
        }
        else if (!isPaused() && !member) {
            join();
        }
    }

    @Override
    protected boolean hasWork() {
        return member;
    }

    @Override
    protected void afterPoll() {
        Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit(progress.values());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    logger.debug("Kafka subscription '" + spec.id() + "' could not commit " + committed
                            + "; the next commit covers it: " + error);
                    committed.keySet().stream().map(progress::get).filter(p -> p != null)
                        .forEach(PartitionProgress::commitFailed);
                }
            });
        }
    }

    @Override
    protected void beforeClose() {
        commitSync(progress.values());
    }

    private void commitSync(Collection<PartitionProgress> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit(partitions);
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(Collection<PartitionProgress> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionProgress partition : partitions) {
            long offset = partition.nextCommit();
            if (offset >= 0) {
                offsets.put(partition.partition(), new OffsetAndMetadata(offset));
            }
        }
        return offsets;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        revoke(partitions);
        List<PartitionProgress> leaving = partitions.stream().map(progress::get).filter(p -> p != null).toList();
        try {
            commitSync(leaving);
        }
        catch (RuntimeException ex) {
            logger.warn("Kafka subscription '" + spec.id() + "' could not commit the offsets of " + partitions
                    + " before giving them up; their unsettled records are delivered again: " + ex);
        }
        partitions.forEach(progress::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        partitions.stream().map(progress::get).filter(p -> p != null).forEach(PartitionProgress::revoke);
        partitions.forEach(progress::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            progress.put(partition, new PartitionProgress(partition));
        }
        if (holding() && !partitions.isEmpty()) {
            consumer.pause(partitions);
        }
        joined.complete(null);
    }
}
