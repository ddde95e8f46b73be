package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.SubscriptionSpec;

/**
 * A broadcast subscription: a consumer without a group that {@code assign()}s itself every
 * partition of the topics matching its patterns and commits nothing, so no consumer group is
 * created and none is left behind.
 *
 * <p>Subscribing creates the topics of literal patterns, lists the matching topics, assigns their
 * partitions and positions the consumer at their end before it returns: every message published
 * after that is delivered (this is what makes a request/reply inbox ready for the first reply).
 * Every topic discovery interval the poll thread lists the topics again; partitions it had not
 * seen (new topics, new partitions) are read from their beginning, since everything in them was
 * published after the subscription started; topics that disappeared are dropped.
 */
final class BroadcastSubscription extends KafkaSubscription {

    private final Pattern regex;

    private final Set<TopicPartition> assigned = new HashSet<>();

    private long nextDiscovery;

    BroadcastSubscription(KafkaRuntime runtime, SubscriptionSpec spec, DeliveryHandler handler,
            KafkaConsumer<byte[], byte[]> consumer) {
        super(runtime, spec, handler, consumer);
        this.regex = runtime.names().regex(spec.patterns());
    }

    /**
     * Assigns and positions the consumer on the calling thread (the broker has created the topics
     * of literal patterns), then starts polling.
     */
    void start() {
        Duration timeout = runtime.settings().connectTimeout();
        List<TopicPartition> partitions = matching(consumer.listTopics(timeout));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        for (TopicPartition partition : partitions) {
            consumer.position(partition, timeout);
            progress.put(partition, new PartitionProgress(partition));
        }
        assigned.addAll(partitions);
        nextDiscovery = System.nanoTime() + runtime.settings().topicDiscoveryInterval().toNanos();
        startPolling();
    }

    private List<TopicPartition> matching(Map<String, List<PartitionInfo>> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        topics.forEach((topic, infos) -> {
            if (regex.matcher(topic).matches()) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        });
        return partitions;
    }

    @Override
    protected void beforeFirstPoll() {
    }

    @Override
    protected void beforePoll() {
        if (System.nanoTime() - nextDiscovery < 0) {
            return;
        }
        nextDiscovery = System.nanoTime() + runtime.settings().topicDiscoveryInterval().toNanos();
        Set<TopicPartition> now = new HashSet<>(matching(consumer.listTopics(runtime.settings().connectTimeout())));
        if (now.equals(assigned)) {
            return;
        }
        List<TopicPartition> added = now.stream().filter(p -> !assigned.contains(p)).toList();
        List<TopicPartition> gone = assigned.stream().filter(p -> !now.contains(p)).toList();
        consumer.assign(now);
        for (TopicPartition partition : added) {
            progress.put(partition, new PartitionProgress(partition));
        }
        consumer.seekToBeginning(added);
        if (holding()) {
            consumer.pause(added);
        }
        for (TopicPartition partition : gone) {
            PartitionProgress removed = progress.remove(partition);
            if (removed != null) {
                removed.revoke();
            }
        }
        assigned.clear();
        assigned.addAll(now);
    }

    @Override
    protected boolean hasWork() {
        return !assigned.isEmpty();
    }

    @Override
    protected void afterPoll() {
    }

    @Override
    protected void beforeClose() {
    }

    @Override
    protected void afterClose() {
        if (spec.patterns().size() == 1 && KafkaBroker.isInboxTopic(spec.patterns().get(0), "")) {
            runtime.deleteTopic(runtime.names().kafkaTopic(spec.patterns().get(0)));
        }
    }
}
