package dev.amb.broker.redis;

import dev.amb.spi.ReplyInboxes;
import dev.amb.topic.TopicPattern;

/**
 * The names AMB uses in Redis, all in one place (they are written down in
 * {@code docs/wire-format.md}).
 *
 * <ul>
 * <li>pub/sub channel: the topic itself, so {@code redis-cli PUBLISH orders.created '{...}'}
 * reaches AMB subscribers;</li>
 * <li>stream: {@code <key-prefix>stream:<topic>};</li>
 * <li>topic registry (a set of every topic published in Streams mode, for wildcard discovery):
 * {@code <key-prefix>topics};</li>
 * <li>pub/sub group claim: {@code <key-prefix>claim:<group key>:<channel>:<message-id>};</li>
 * <li>Redis consumer group of AMB work queue {@code k} ({@link dev.amb.spi.GroupKey#id()}): {@code <consumer-group>:k}; of a broadcast
 * subscription: {@code <consumer-group>:broadcast:<instance>-<n>}.</li>
 * </ul>
 *
 * <p>Request/reply inboxes ({@code amb.inbox.*}, one per bus instance) always travel over pub/sub,
 * also in Streams mode: a reply only matters to the requester waiting for it, and a durable
 * stream per bus instance would pile up keys nobody reads again.
 */
final class RedisNames {

    private static final String STREAM = "stream:";

    private final String keyPrefix;

    private final String consumerGroup;

    RedisNames(String keyPrefix, String consumerGroup) {
        this.keyPrefix = keyPrefix;
        this.consumerGroup = consumerGroup;
    }

    String streamKey(String topic) {
        return keyPrefix + STREAM + topic;
    }

    String topicOf(String streamKey) {
        return streamKey.substring(keyPrefix.length() + STREAM.length());
    }

    String registryKey() {
        return keyPrefix + "topics";
    }

    String claimKey(String group, String channel, String claimId) {
        return keyPrefix + "claim:" + group + ":" + channel + ":" + claimId;
    }

    String group(String ambGroup) {
        return consumerGroup + ":" + ambGroup;
    }

    String broadcastGroup(String instance, long sequence) {
        return consumerGroup + ":broadcast:" + instance + "-" + sequence;
    }

    /** @return {@code true} for a request/reply inbox topic, which always uses pub/sub */
    static boolean isInbox(String topic) {
        return ReplyInboxes.isInbox(topic);
    }

    /** @return {@code true} for a subscription to one inbox topic */
    static boolean isInbox(TopicPattern pattern) {
        return pattern.isLiteral() && isInbox(pattern.value());
    }
}
