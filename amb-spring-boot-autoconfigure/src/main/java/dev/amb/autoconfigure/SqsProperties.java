package dev.amb.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * The Amazon SQS broker ({@code amb.sqs.*}): where SQS is, how AMB names and creates its queues,
 * and how it receives. Used only when the application has no {@code SqsAsyncClient} bean of its
 * own (for example Spring Cloud AWS's, configured with {@code spring.cloud.aws.*}) for the
 * connection settings; the queue settings apply either way.
 *
 * @since 0.3.0
 */
public class SqsProperties {

    /**
     * AWS region of the SQS endpoint, e.g. eu-west-1. Empty for the AWS SDK's default region
     * chain (AWS_REGION, ~/.aws/config). Environment variable AMB_SQS_REGION.
     */
    private String region;

    /**
     * SQS endpoint to use instead of the region's, e.g. http://localhost:9324 for ElasticMQ or
     * LocalStack. Environment variable AMB_SQS_ENDPOINT.
     */
    private URI endpoint;

    /**
     * Access key id; with secret-access-key, static credentials instead of the AWS SDK's default
     * credentials chain (environment, profile, container or instance role).
     */
    private String accessKeyId;

    /**
     * Secret access key that goes with access-key-id; never logged.
     */
    private String secretAccessKey;

    /**
     * Start of the name of every queue AMB creates (1 to 20 of [A-Za-z0-9_-]); instances that
     * should reach each other's subscriptions use the same prefix.
     */
    private String queuePrefix = "amb";

    /**
     * How long a received message stays invisible to other consumers. AMB extends it while it
     * holds the message (a heartbeat every third of it), so it only bounds how long the messages
     * of a crashed consumer wait before redelivery.
     */
    private Duration visibilityTimeout = Duration.ofSeconds(30);

    /**
     * Long-polling wait of one receive call (0 to 20 seconds).
     */
    private Duration waitTime = Duration.ofSeconds(20);

    /**
     * The most messages one receive call asks for (1 to 10); a subscription holds at most its
     * concurrency plus this many messages.
     */
    private int maxMessages = 10;

    /**
     * Whether AMB's queues are FIFO queues: order per message group (the partitionkey extension,
     * else the topic) and deduplication on the CloudEvents id.
     */
    private boolean fifo = false;

    /**
     * FIFO queues: deduplicate on a hash of the body when a sender gives no deduplication id
     * (AMB always gives one; this serves plain senders).
     */
    private boolean contentBasedDeduplication = false;

    /**
     * Whether every AMB queue gets a redrive policy to one '<queue-prefix>-dlq' queue: a backstop
     * for messages that crash their consumer again and again. AMB's own dead letters go to the
     * dead-letter topic (amb.dead-letter.*), with the reason, whatever this says.
     */
    private boolean dlq = false;

    /**
     * Receive count after which SQS moves a message to the redrive queue (with dlq=true); keep it
     * above the retry policy's attempts, so that AMB's dead letters come first.
     */
    private int maxReceiveCount = 10;

    /**
     * How often a publisher re-reads the registry (the tags of the '<queue-prefix>-*' queues): the
     * bound on how long a new subscription of another instance waits to receive its first
     * messages. This instance's own subscriptions are known at once.
     */
    private Duration registryRefresh = Duration.ofSeconds(5);

    /**
     * A broadcast subscription queue whose instance has not renewed its heartbeat tag for this
     * long is an orphan of a crashed instance and is deleted by the next instance that sees it.
     */
    private Duration orphanTimeout = Duration.ofMinutes(10);

    /**
     * Largest message (the CloudEvents JSON body): 256KB, the SQS default, up to 1MB; larger
     * publishes fail at once.
     */
    private DataSize maxMessageSize = DataSize.ofKilobytes(256);

    /** @return the region */
    public String getRegion() {
        return region;
    }

    /** @param region the region */
    public void setRegion(String region) {
        this.region = region;
    }

    /** @return the endpoint */
    public URI getEndpoint() {
        return endpoint;
    }

    /** @param endpoint the endpoint */
    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** @return the access key id */
    public String getAccessKeyId() {
        return accessKeyId;
    }

    /** @param accessKeyId the access key id */
    public void setAccessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    /** @return the secret access key */
    public String getSecretAccessKey() {
        return secretAccessKey;
    }

    /** @param secretAccessKey the secret access key */
    public void setSecretAccessKey(String secretAccessKey) {
        this.secretAccessKey = secretAccessKey;
    }

    /** @return the queue prefix */
    public String getQueuePrefix() {
        return queuePrefix;
    }

    /** @param queuePrefix the queue prefix */
    public void setQueuePrefix(String queuePrefix) {
        this.queuePrefix = queuePrefix;
    }

    /** @return the visibility timeout */
    public Duration getVisibilityTimeout() {
        return visibilityTimeout;
    }

    /** @param visibilityTimeout the visibility timeout */
    public void setVisibilityTimeout(Duration visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
    }

    /** @return the wait time */
    public Duration getWaitTime() {
        return waitTime;
    }

    /** @param waitTime the wait time */
    public void setWaitTime(Duration waitTime) {
        this.waitTime = waitTime;
    }

    /** @return the max messages */
    public int getMaxMessages() {
        return maxMessages;
    }

    /** @param maxMessages the max messages */
    public void setMaxMessages(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** @return whether fifo is on */
    public boolean isFifo() {
        return fifo;
    }

    /** @param fifo the fifo */
    public void setFifo(boolean fifo) {
        this.fifo = fifo;
    }

    /** @return whether content based deduplication is on */
    public boolean isContentBasedDeduplication() {
        return contentBasedDeduplication;
    }

    /** @param contentBasedDeduplication the content based deduplication */
    public void setContentBasedDeduplication(boolean contentBasedDeduplication) {
        this.contentBasedDeduplication = contentBasedDeduplication;
    }

    /** @return whether dlq is on */
    public boolean isDlq() {
        return dlq;
    }

    /** @param dlq the dlq */
    public void setDlq(boolean dlq) {
        this.dlq = dlq;
    }

    /** @return the max receive count */
    public int getMaxReceiveCount() {
        return maxReceiveCount;
    }

    /** @param maxReceiveCount the max receive count */
    public void setMaxReceiveCount(int maxReceiveCount) {
        this.maxReceiveCount = maxReceiveCount;
    }

    /** @return the registry refresh */
    public Duration getRegistryRefresh() {
        return registryRefresh;
    }

    /** @param registryRefresh the registry refresh */
    public void setRegistryRefresh(Duration registryRefresh) {
        this.registryRefresh = registryRefresh;
    }

    /** @return the orphan timeout */
    public Duration getOrphanTimeout() {
        return orphanTimeout;
    }

    /** @param orphanTimeout the orphan timeout */
    public void setOrphanTimeout(Duration orphanTimeout) {
        this.orphanTimeout = orphanTimeout;
    }

    /** @return the max message size */
    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    /** @param maxMessageSize the max message size */
    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }
}
