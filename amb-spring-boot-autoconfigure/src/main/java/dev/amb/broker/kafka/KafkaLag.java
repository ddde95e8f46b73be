package dev.amb.broker.kafka;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag, from the admin client: for every partition the group has committed an
 * offset on, the partition's end offset minus the committed one. Both calls are asynchronous;
 * nothing blocks the caller.
 */
final class KafkaLag {

    private KafkaLag() {
    }

    static CompletableFuture<OptionalLong> of(Admin admin, String groupId) {
        return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().toCompletionStage()
            .toCompletableFuture()
            .thenCompose(committed -> {
                Map<TopicPartition, OffsetSpec> latest = committed.entrySet().stream()
                    .filter(entry -> entry.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> OffsetSpec.latest()));
                if (latest.isEmpty()) {
                    return CompletableFuture.completedFuture(OptionalLong.of(0));
                }
                return admin.listOffsets(latest).all().toCompletionStage().toCompletableFuture()
                    .thenApply(ends -> OptionalLong.of(lag(committed, ends)));
            });
    }

    private static long lag(Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, ListOffsetsResultInfo> ends) {
        long total = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            total += Math.max(0, end.getValue().offset() - (offset != null ? offset.offset() : 0));
        }
        return total;
    }
}
