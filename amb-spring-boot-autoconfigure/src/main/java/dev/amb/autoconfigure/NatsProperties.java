package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * The NATS broker ({@code amb.nats.*}): the connection, the choice between core NATS and
 * JetStream, and JetStream's stream and consumers.
 *
 * @since 0.1.0
 */
public class NatsProperties {

    /**
     * NATS server URL, or several separated by commas (nats://, tls:// or ws://). Environment
     * variable AMB_NATS_URL.
     */
    private String url = "nats://localhost:4222";

    /**
     * Whether to use JetStream (durable, at-least-once delivery through a stream) instead of core
     * NATS (at-most-once, with native request/reply).
     */
    private boolean jetstream = false;

    /**
     * JetStream: name of the stream AMB stores messages in; created at start-up when missing,
     * validated (subjects and retention) when it exists.
     */
    private String streamName = "AMB";

    /**
     * JetStream: subjects the stream captures. Empty for '<subject-prefix>.>', which captures
     * every AMB topic and nothing else (not _INBOX.> nor the JetStream API).
     */
    private List<String> streamSubjects = new ArrayList<>();

    /**
     * JetStream: retention policy of the stream AMB creates (limits, interest or work-queue); an
     * existing stream must have the same.
     */
    private StreamRetention streamRetention = StreamRetention.LIMITS;

    /**
     * JetStream: the most messages the stream keeps, -1 for no limit.
     */
    private long streamMaxMsgs = -1;

    /**
     * JetStream: how long the stream keeps a message, 0 for no limit.
     */
    private Duration streamMaxAge = Duration.ofDays(7);

    /**
     * JetStream: where the stream keeps messages (file or memory).
     */
    private StreamStorage streamStorage = StreamStorage.FILE;

    /**
     * JetStream: replicas of the stream AMB creates (1 on a single server, up to 5 in a cluster).
     */
    private int streamReplicas = 1;

    /**
     * JetStream: every topic T travels on the subject '<subject-prefix>.T'. Empty maps topics to
     * subjects as they are; stream-subjects must then capture every topic used.
     */
    private String subjectPrefix = "amb";

    /**
     * JetStream: how long the server waits for a message's acknowledgement before redelivering it.
     */
    private Duration ackWait = Duration.ofSeconds(30);

    /**
     * JetStream: how long the server keeps an ephemeral consumer (a broadcast subscription, the
     * request inbox) nobody pulls from, for example while paused or during an outage; AMB creates
     * a dropped consumer again. At least 1 s.
     */
    private Duration consumerInactiveThreshold = Duration.ofMinutes(5);

    /**
     * JetStream: the most deliveries of one message to a consumer, -1 for no limit (AMB's retry
     * policy and dead-letter topic normally end redeliveries first).
     */
    private long maxDeliver = -1;

    /**
     * JetStream: the most unacknowledged messages per consumer (shared by a group's members), -1
     * for the server's default (1000).
     */
    private long maxAckPending = -1;

    /**
     * Messages each subscription buffers for its handler threads (JetStream holds at most the
     * subscription's concurrency x 4, pulled as they are handled). When it is full the subscription stops taking messages from NATS until its
     * handlers catch up.
     */
    private int maxQueueSize = 1000;

    /**
     * How AMB writes messages, in the terms of the CloudEvents NATS binding: binary (attributes as
     * ce-* headers, the payload as the body, readable as it is by plain NATS clients) or
     * structured (the whole event as one JSON document with Content-Type
     * application/cloudevents+json, for consumers that want whole events). Both are always read,
     * so agents with different modes talk to each other.
     */
    private ContentMode contentMode = ContentMode.BINARY;

    /**
     * Connection name the server shows in its monitoring; defaults to the agent id.
     */
    private String connectionName;

    /**
     * How long connecting to a server may take.
     */
    private Duration connectionTimeout = Duration.ofSeconds(2);

    /**
     * Wait between reconnect attempts to the same server.
     */
    private Duration reconnectWait = Duration.ofSeconds(2);

    /**
     * Reconnect attempts before the connection closes for good; -1 to keep trying forever.
     */
    private int maxReconnects = -1;

    /**
     * While reconnecting, published messages wait in a buffer of this size; when it is full,
     * publishing fails at once. 0 makes publishing fail at once while disconnected.
     */
    private DataSize reconnectBufferSize = DataSize.ofMegabytes(8);

    /**
     * User name for user/password authentication.
     */
    private String username;

    /**
     * Password for user/password authentication.
     */
    private String password;

    /**
     * Token for token authentication.
     */
    private String token;

    /**
     * NKey seed (starting with 'SU') for NKey authentication.
     */
    private String nkeySeed;

    /**
     * Path of a credentials file (JWT and NKey seed) for decentralized authentication.
     */
    private String credentials;

    /**
     * TLS settings.
     */
    private final Ssl ssl = new Ssl();

    /** @return the server URL(s) */
    public String getUrl() {
        return url;
    }

    /** @param url the server URL(s) */
    public void setUrl(String url) {
        this.url = url;
    }

    /** @return whether JetStream is used */
    public boolean isJetstream() {
        return jetstream;
    }

    /** @param jetstream whether JetStream is used */
    public void setJetstream(boolean jetstream) {
        this.jetstream = jetstream;
    }

    /** @return the stream name */
    public String getStreamName() {
        return streamName;
    }

    /** @param streamName the stream name */
    public void setStreamName(String streamName) {
        this.streamName = streamName;
    }

    /** @return the stream subjects */
    public List<String> getStreamSubjects() {
        return streamSubjects;
    }

    /** @param streamSubjects the stream subjects */
    public void setStreamSubjects(List<String> streamSubjects) {
        this.streamSubjects = streamSubjects;
    }

    /** @return the stream retention */
    public StreamRetention getStreamRetention() {
        return streamRetention;
    }

    /** @param streamRetention the stream retention */
    public void setStreamRetention(StreamRetention streamRetention) {
        this.streamRetention = streamRetention;
    }

    /** @return the most messages the stream keeps */
    public long getStreamMaxMsgs() {
        return streamMaxMsgs;
    }

    /** @param streamMaxMsgs the most messages the stream keeps */
    public void setStreamMaxMsgs(long streamMaxMsgs) {
        this.streamMaxMsgs = streamMaxMsgs;
    }

    /** @return how long the stream keeps messages */
    public Duration getStreamMaxAge() {
        return streamMaxAge;
    }

    /** @param streamMaxAge how long the stream keeps messages */
    public void setStreamMaxAge(Duration streamMaxAge) {
        this.streamMaxAge = streamMaxAge;
    }

    /** @return the stream storage */
    public StreamStorage getStreamStorage() {
        return streamStorage;
    }

    /** @param streamStorage the stream storage */
    public void setStreamStorage(StreamStorage streamStorage) {
        this.streamStorage = streamStorage;
    }

    /** @return the stream replicas */
    public int getStreamReplicas() {
        return streamReplicas;
    }

    /** @param streamReplicas the stream replicas */
    public void setStreamReplicas(int streamReplicas) {
        this.streamReplicas = streamReplicas;
    }

    /** @return the JetStream subject prefix */
    public String getSubjectPrefix() {
        return subjectPrefix;
    }

    /** @param subjectPrefix the JetStream subject prefix */
    public void setSubjectPrefix(String subjectPrefix) {
        this.subjectPrefix = subjectPrefix;
    }

    /** @return the acknowledgement wait */
    public Duration getAckWait() {
        return ackWait;
    }

    /** @param ackWait the acknowledgement wait */
    public void setAckWait(Duration ackWait) {
        this.ackWait = ackWait;
    }

    /** @return how long the server keeps an ephemeral consumer nobody pulls from */
    public Duration getConsumerInactiveThreshold() {
        return consumerInactiveThreshold;
    }

    /** @param consumerInactiveThreshold how long the server keeps an idle ephemeral consumer */
    public void setConsumerInactiveThreshold(Duration consumerInactiveThreshold) {
        this.consumerInactiveThreshold = consumerInactiveThreshold;
    }

    /** @return the most deliveries */
    public long getMaxDeliver() {
        return maxDeliver;
    }

    /** @param maxDeliver the most deliveries */
    public void setMaxDeliver(long maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    /** @return the most unacknowledged messages per consumer */
    public long getMaxAckPending() {
        return maxAckPending;
    }

    /** @param maxAckPending the most unacknowledged messages per consumer */
    public void setMaxAckPending(long maxAckPending) {
        this.maxAckPending = maxAckPending;
    }

    /** @return the per-subscription queue size */
    public int getMaxQueueSize() {
        return maxQueueSize;
    }

    /** @param maxQueueSize the per-subscription queue size */
    public void setMaxQueueSize(int maxQueueSize) {
        this.maxQueueSize = maxQueueSize;
    }

    /** @return how messages are written */
    public ContentMode getContentMode() {
        return contentMode;
    }

    /** @param contentMode how messages are written */
    public void setContentMode(ContentMode contentMode) {
        this.contentMode = contentMode;
    }

    /** @return the connection name */
    public String getConnectionName() {
        return connectionName;
    }

    /** @param connectionName the connection name */
    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    /** @return the connection timeout */
    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    /** @param connectionTimeout the connection timeout */
    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    /** @return the reconnect wait */
    public Duration getReconnectWait() {
        return reconnectWait;
    }

    /** @param reconnectWait the reconnect wait */
    public void setReconnectWait(Duration reconnectWait) {
        this.reconnectWait = reconnectWait;
    }

    /** @return the reconnect attempts */
    public int getMaxReconnects() {
        return maxReconnects;
    }

    /** @param maxReconnects the reconnect attempts */
    public void setMaxReconnects(int maxReconnects) {
        this.maxReconnects = maxReconnects;
    }

    /** @return the reconnect buffer size */
    public DataSize getReconnectBufferSize() {
        return reconnectBufferSize;
    }

    /** @param reconnectBufferSize the reconnect buffer size */
    public void setReconnectBufferSize(DataSize reconnectBufferSize) {
        this.reconnectBufferSize = reconnectBufferSize;
    }

    /** @return the user name */
    public String getUsername() {
        return username;
    }

    /** @param username the user name */
    public void setUsername(String username) {
        this.username = username;
    }

    /** @return the password */
    public String getPassword() {
        return password;
    }

    /** @param password the password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return the token */
    public String getToken() {
        return token;
    }

    /** @param token the token */
    public void setToken(String token) {
        this.token = token;
    }

    /** @return the NKey seed */
    public String getNkeySeed() {
        return nkeySeed;
    }

    /** @param nkeySeed the NKey seed */
    public void setNkeySeed(String nkeySeed) {
        this.nkeySeed = nkeySeed;
    }

    /** @return the credentials file path */
    public String getCredentials() {
        return credentials;
    }

    /** @param credentials the credentials file path */
    public void setCredentials(String credentials) {
        this.credentials = credentials;
    }

    /** @return the TLS settings */
    public Ssl getSsl() {
        return ssl;
    }

    /**
     * TLS for the NATS connection ({@code amb.nats.ssl.*}). A {@code tls://} URL also turns TLS on,
     * with the JVM's default trust store.
     */
    public static class Ssl {

        /**
         * Whether to use TLS with the JVM's default key and trust stores (implied by a bundle).
         */
        private boolean enabled;

        /**
         * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) holding the key and trust material.
         */
        private String bundle;

        /** @return whether TLS is enabled */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether TLS is enabled */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the SSL bundle name */
        public String getBundle() {
            return bundle;
        }

        /** @param bundle the SSL bundle name */
        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** JetStream retention policies. */
    public enum StreamRetention {

        /** Keep messages until a limit (count, age) removes them. */
        LIMITS,

        /** Keep messages while a consumer still has to acknowledge them. */
        INTEREST,

        /** Keep messages until one consumer acknowledges them. */
        WORK_QUEUE
    }

    /** JetStream storage types. */
    public enum StreamStorage {

        /** On disk. */
        FILE,

        /** In memory. */
        MEMORY
    }

    /** The content modes of the CloudEvents NATS binding AMB writes. */
    public enum ContentMode {

        /** Attributes as ce-* headers, the payload as the body. */
        BINARY,

        /** The event as one JSON document, Content-Type application/cloudevents+json. */
        STRUCTURED
    }
}
