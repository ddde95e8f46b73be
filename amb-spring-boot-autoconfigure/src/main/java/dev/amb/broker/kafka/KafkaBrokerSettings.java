package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How a {@link KafkaBroker} connects and maps AMB onto Kafka. Built with {@link #builder(Map)};
 * immutable.
 *
 * @param clientProperties Kafka client properties every client (producer, consumers, admin) gets:
 *        {@code bootstrap.servers}, security, {@code client.id}, and any other client setting
 * @param topicPrefix prepended to every AMB topic to name its Kafka topic, empty for none
 * @param partitions partitions of the topics AMB creates
 * @param replicationFactor replication factor of the topics AMB creates
 * @param topicDiscoveryInterval how soon a subscription sees a new topic matching its patterns
 * @param connectTimeout how long start-up and topic creation wait for Kafka
 * @param groupIdPrefix prepended to the group key to name a Kafka consumer group
 * @param autoOffsetReset where a group without committed offsets starts: {@code earliest} or
 *        {@code latest}
 * @param maxPollRecords the most records one poll returns
 * @param sessionTimeout a group member that sends no heartbeat for this long is removed
 * @param heartbeatInterval how often group members send heartbeats
 * @param maxInFlight the most records one subscription holds unsettled (queued, being handled or
 *        waiting for redelivery) before it pauses fetching
 * @param inboxRetention retention of request/reply inbox topics, so those of crashed instances
 *        keep no data
 * @param maxRecordBytes the largest record the producer sends ({@code max.request.size})
 * @param shutdownTimeout how long closing waits for running deliveries
 * @since 0.3.0
 */
public record KafkaBrokerSettings(Map<String, Object> clientProperties, String topicPrefix, int partitions,
        short replicationFactor, Duration topicDiscoveryInterval, Duration connectTimeout, String groupIdPrefix,
        String autoOffsetReset, int maxPollRecords, Duration sessionTimeout, Duration heartbeatInterval,
        int maxInFlight, Duration inboxRetention, int maxRecordBytes, Duration shutdownTimeout) {

    /**
     * Checks the values.
     * @param clientProperties the client properties
     * @param topicPrefix the topic prefix
     * @param partitions the partitions
     * @param replicationFactor the replication factor
     * @param topicDiscoveryInterval the discovery interval
     * @param connectTimeout the connect timeout
     * @param groupIdPrefix the group id prefix
     * @param autoOffsetReset the offset reset policy
     * @param maxPollRecords the poll size
     * @param sessionTimeout the session timeout
     * @param heartbeatInterval the heartbeat interval
     * @param maxInFlight the unsettled bound
     * @param inboxRetention the inbox retention
     * @param maxRecordBytes the record size limit
     * @param shutdownTimeout the shutdown grace
     */
    public KafkaBrokerSettings {
        clientProperties = Map.copyOf(clientProperties);
        if (!clientProperties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("Kafka client properties need bootstrap.servers");
        }
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(groupIdPrefix, "groupIdPrefix");
        positive(partitions, "partitions");
        positive(replicationFactor, "replication factor");
        positive(maxPollRecords, "max-poll-records");
        positive(maxInFlight, "max-in-flight");
        positive(maxRecordBytes, "max-record-size");
        if (!"earliest".equals(autoOffsetReset) && !"latest".equals(autoOffsetReset)) {
            throw new IllegalArgumentException("auto-offset-reset must be 'earliest' or 'latest', was '"
                    + autoOffsetReset + "'");
        }
        for (Duration duration : new Duration[] { topicDiscoveryInterval, connectTimeout, sessionTimeout,
                heartbeatInterval, inboxRetention, shutdownTimeout }) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("Kafka durations must be positive, was " + duration);
            }
        }
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("Kafka " + name + " must be 1 or more, was " + value);
        }
    }

    /** @return the settings without client property values that may hold secrets */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        clientProperties.forEach((key, value) -> shown.put(key,
                key.contains("password") || key.contains("jaas") || key.contains("secret") ? "[hidden]" : value));
        return "KafkaBrokerSettings[clientProperties=" + shown + ", topicPrefix=" + topicPrefix + ", partitions="
                + partitions + ", replicationFactor=" + replicationFactor + ", groupIdPrefix=" + groupIdPrefix + "]";
    }

    /** @return the bootstrap servers, for messages (they hold no password) */
    public String servers() {
        return String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * @param clientProperties the client properties, with at least {@code bootstrap.servers}
     * @return a builder with the defaults
     */
    public static Builder builder(Map<String, Object> clientProperties) {
        return new Builder(clientProperties);
    }

    /** Builds {@link KafkaBrokerSettings}; every value has a default. */
    public static final class Builder {

        private final Map<String, Object> clientProperties;

        private String topicPrefix = "";

        private int partitions = 3;

        private short replicationFactor = 1;

        private Duration topicDiscoveryInterval = Duration.ofMillis(500);

        private Duration connectTimeout = Duration.ofSeconds(10);

        private String groupIdPrefix = "amb.";

        private String autoOffsetReset = "earliest";

        private int maxPollRecords = 500;

        private Duration sessionTimeout = Duration.ofSeconds(45);

        private Duration heartbeatInterval = Duration.ofSeconds(3);

        private int maxInFlight = 1000;

        private Duration inboxRetention = Duration.ofHours(1);

        private int maxRecordBytes = 1024 * 1024;

        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private Builder(Map<String, Object> clientProperties) {
            this.clientProperties = new LinkedHashMap<>(clientProperties);
        }

        /** @param value the topic prefix @return this builder */
        public Builder topicPrefix(String value) {
            topicPrefix = value;
            return this;
        }

        /** @param value partitions of created topics @return this builder */
        public Builder partitions(int value) {
            partitions = value;
            return this;
        }

        /** @param value replication factor of created topics @return this builder */
        public Builder replicationFactor(short value) {
            replicationFactor = value;
            return this;
        }

        /** @param value the topic discovery interval @return this builder */
        public Builder topicDiscoveryInterval(Duration value) {
            topicDiscoveryInterval = value;
            return this;
        }

        /** @param value the connect timeout @return this builder */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /** @param value the consumer group id prefix @return this builder */
        public Builder groupIdPrefix(String value) {
            groupIdPrefix = value;
            return this;
        }

        /** @param value earliest or latest @return this builder */
        public Builder autoOffsetReset(String value) {
            autoOffsetReset = value;
            return this;
        }

        /** @param value records per poll @return this builder */
        public Builder maxPollRecords(int value) {
            maxPollRecords = value;
            return this;
        }

        /** @param value the group session timeout @return this builder */
        public Builder sessionTimeout(Duration value) {
            sessionTimeout = value;
            return this;
        }

        /** @param value the heartbeat interval @return this builder */
        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        /** @param value the unsettled records bound per subscription @return this builder */
        public Builder maxInFlight(int value) {
            maxInFlight = value;
            return this;
        }

        /** @param value the inbox topics' retention @return this builder */
        public Builder inboxRetention(Duration value) {
            inboxRetention = value;
            return this;
        }

        /** @param value the largest record in bytes @return this builder */
        public Builder maxRecordBytes(int value) {
            maxRecordBytes = value;
            return this;
        }

        /** @param value the shutdown grace @return this builder */
        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = value;
            return this;
        }

        /** @return the settings */
        public KafkaBrokerSettings build() {
            return new KafkaBrokerSettings(clientProperties, topicPrefix, partitions, replicationFactor,
                    topicDiscoveryInterval, connectTimeout, groupIdPrefix, autoOffsetReset, maxPollRecords,
                    sessionTimeout, heartbeatInterval, maxInFlight, inboxRetention, maxRecordBytes, shutdownTimeout);
        }
    }
}
