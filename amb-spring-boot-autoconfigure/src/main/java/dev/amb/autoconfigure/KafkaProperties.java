package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.unit.DataSize;

/**
 * The Kafka broker ({@code amb.kafka.*}): the connection (by default the application's own
 * {@code spring.kafka.*} configuration), consumer groups, topics and flow control.
 *
 * @since 0.3.0
 */
public class KafkaProperties {

    /**
     * Kafka bootstrap servers, comma separated (host:port,...). Unset uses the application's
     * Spring Boot Kafka configuration (spring.kafka.bootstrap-servers, or a service connection),
     * which also supplies security and SSL settings. Environment variable AMB_KAFKA_BROKERS.
     */
    private String brokers;

    /**
     * Client id prefix of AMB's Kafka clients (each client adds its role and a number). Unset uses
     * spring.kafka.client-id, else 'amb'.
     */
    private String clientId;

    /**
     * Prefix of the Kafka consumer group of every AMB group; the rest is the group's key (group
     * name and its sorted patterns), so two instances of one listener share a consumer group.
     */
    private String groupIdPrefix = "amb.";

    /**
     * Where a consumer group without committed offsets starts: 'earliest' (default: nothing
     * published to a topic before the group first saw it is skipped) or 'latest'.
     */
    private String autoOffsetReset = "earliest";

    /**
     * The most records one poll returns.
     */
    private int maxPollRecords = 500;

    /**
     * A group member that sends no heartbeat for this long is removed from its group.
     */
    private Duration sessionTimeout = Duration.ofSeconds(45);

    /**
     * How often group members send heartbeats; a third of the session timeout or less.
     */
    private Duration heartbeatInterval = Duration.ofSeconds(3);

    /**
     * Kafka security protocol (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL). Unset uses
     * spring.kafka.security.protocol, else PLAINTEXT.
     */
    private String securityProtocol;

    /**
     * SASL mechanism (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512) used with sasl-username and sasl-
     * password.
     */
    private String saslMechanism;

    /**
     * SASL user name; with sasl-password AMB builds the JAAS configuration for the SASL mechanism.
     */
    private String saslUsername;

    /**
     * SASL password; never logged nor shown in error messages.
     */
    private String saslPassword;

    /**
     * Prefix of the Kafka topic of every AMB topic (topic T is the Kafka topic prefix + T); empty
     * by default.
     */
    private String topicPrefix = "";

    /**
     * Partitions of the topics AMB creates. More partitions let more members of a group share the
     * work; order is kept per partition (per partition key), so 1 keeps the order of a whole
     * topic.
     */
    private int partitions = 3;

    /**
     * Replication factor of the topics AMB creates (3 on a production cluster).
     */
    private short replicationFactor = (short) 1;

    /**
     * How soon a subscription sees a new topic matching its patterns (at most 1s advised; it is
     * also the consumers' metadata.max.age.ms).
     */
    private Duration topicDiscoveryInterval = Duration.ofMillis(500);

    /**
     * How long start-up waits for Kafka, and subscribing waits for topic creation and partition
     * assignment.
     */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * The most records one subscription holds unsettled (queued, being handled or waiting for a
     * delayed redelivery) before it pauses fetching.
     */
    private int maxInFlight = 1000;

    /**
     * Retention of request/reply inbox topics; an instance deletes its inbox when it closes, and
     * this clears the inboxes of instances that crashed.
     */
    private Duration inboxRetention = Duration.ofHours(1);

    /**
     * The largest record AMB sends (the producer's max.request.size); the broker's
     * message.max.bytes must allow it.
     */
    private DataSize maxRecordSize = DataSize.ofMegabytes(1);

    /**
     * Further Kafka client properties for every AMB client (producer, consumers, admin), for
     * example ssl.* or request.timeout.ms; amb.kafka.* settings win over them.
     */
    private Map<String, String> properties = new LinkedHashMap<>();

    /** @return the brokers setting */
    public String getBrokers() {
        return brokers;
    }

    /** @param brokers the brokers setting */
    public void setBrokers(String brokers) {
        this.brokers = brokers;
    }

    /** @return the clientId setting */
    public String getClientId() {
        return clientId;
    }

    /** @param clientId the clientId setting */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** @return the groupIdPrefix setting */
    public String getGroupIdPrefix() {
        return groupIdPrefix;
    }

    /** @param groupIdPrefix the groupIdPrefix setting */
    public void setGroupIdPrefix(String groupIdPrefix) {
        this.groupIdPrefix = groupIdPrefix;
    }

    /** @return the autoOffsetReset setting */
    public String getAutoOffsetReset() {
        return autoOffsetReset;
    }

    /** @param autoOffsetReset the autoOffsetReset setting */
    public void setAutoOffsetReset(String autoOffsetReset) {
        this.autoOffsetReset = autoOffsetReset;
    }

    /** @return the maxPollRecords setting */
    public int getMaxPollRecords() {
        return maxPollRecords;
    }

    /** @param maxPollRecords the maxPollRecords setting */
    public void setMaxPollRecords(int maxPollRecords) {
        this.maxPollRecords = maxPollRecords;
    }

    /** @return the sessionTimeout setting */
    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    /** @param sessionTimeout the sessionTimeout setting */
    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    /** @return the heartbeatInterval setting */
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    /** @param heartbeatInterval the heartbeatInterval setting */
    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    /** @return the securityProtocol setting */
    public String getSecurityProtocol() {
        return securityProtocol;
    }

    /** @param securityProtocol the securityProtocol setting */
    public void setSecurityProtocol(String securityProtocol) {
        this.securityProtocol = securityProtocol;
    }

    /** @return the saslMechanism setting */
    public String getSaslMechanism() {
        return saslMechanism;
    }

    /** @param saslMechanism the saslMechanism setting */
    public void setSaslMechanism(String saslMechanism) {
        this.saslMechanism = saslMechanism;
    }

    /** @return the saslUsername setting */
    public String getSaslUsername() {
        return saslUsername;
    }

    /** @param saslUsername the saslUsername setting */
    public void setSaslUsername(String saslUsername) {
        this.saslUsername = saslUsername;
    }

    /** @return the saslPassword setting */
    public String getSaslPassword() {
        return saslPassword;
    }

    /** @param saslPassword the saslPassword setting */
    public void setSaslPassword(String saslPassword) {
        this.saslPassword = saslPassword;
    }

    /** @return the topicPrefix setting */
    public String getTopicPrefix() {
        return topicPrefix;
    }

    /** @param topicPrefix the topicPrefix setting */
    public void setTopicPrefix(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    /** @return the partitions setting */
    public int getPartitions() {
        return partitions;
    }

    /** @param partitions the partitions setting */
    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    /** @return the replicationFactor setting */
    public short getReplicationFactor() {
        return replicationFactor;
    }

    /** @param replicationFactor the replicationFactor setting */
    public void setReplicationFactor(short replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    /** @return the topicDiscoveryInterval setting */
    public Duration getTopicDiscoveryInterval() {
        return topicDiscoveryInterval;
    }

    /** @param topicDiscoveryInterval the topicDiscoveryInterval setting */
    public void setTopicDiscoveryInterval(Duration topicDiscoveryInterval) {
        this.topicDiscoveryInterval = topicDiscoveryInterval;
    }

    /** @return the connectTimeout setting */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param connectTimeout the connectTimeout setting */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the maxInFlight setting */
    public int getMaxInFlight() {
        return maxInFlight;
    }

    /** @param maxInFlight the maxInFlight setting */
    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** @return the inboxRetention setting */
    public Duration getInboxRetention() {
        return inboxRetention;
    }

    /** @param inboxRetention the inboxRetention setting */
    public void setInboxRetention(Duration inboxRetention) {
        this.inboxRetention = inboxRetention;
    }

    /** @return the maxRecordSize setting */
    public DataSize getMaxRecordSize() {
        return maxRecordSize;
    }

    /** @param maxRecordSize the maxRecordSize setting */
    public void setMaxRecordSize(DataSize maxRecordSize) {
        this.maxRecordSize = maxRecordSize;
    }

    /** @return the properties setting */
    public Map<String, String> getProperties() {
        return properties;
    }

    /** @param properties the properties setting */
    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }
}
