package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis broker ({@code amb.redis.*}), used when {@code amb.broker=redis}.
 *
 * <p>Connection: when neither {@code url} nor {@code cluster-nodes} is set, AMB opens its
 * connections through the application's Lettuce {@code RedisConnectionFactory} (the one Spring
 * Boot configures from {@code spring.data.redis.*}); otherwise it creates a Lettuce client of its
 * own from these properties ({@code ssl} and {@code password} apply only to that client).
 *
 * @since 0.1.0
 */
public class RedisBrokerProperties {

    /**
     * Redis URL AMB connects to with a client of its own, e.g. redis://:secret@redis:6379/0 or
     * rediss://redis:6380 for TLS. When neither this nor cluster-nodes is set, AMB uses the
     * application's RedisConnectionFactory (spring.data.redis.*). Environment variable AMB_REDIS_URL.
     */
    private String url;

    /**
     * Whether to use Redis Streams (durable, at-least-once, consumer groups) instead of pub/sub
     * (at-most-once, lowest latency; groups share messages through per-message claims).
     */
    private boolean useStreams;

    /**
     * Approximate length streams are trimmed to on every publish (XADD MAXLEN ~); 0 disables
     * trimming. Entries trimmed before a lagging group read them are lost to it.
     */
    private long streamMaxLen = 100_000;

    /**
     * Prefix of the Redis consumer groups AMB creates on streams: AMB group "workers" reads through
     * the Redis group "<consumer-group>:workers".
     */
    private String consumerGroup = "amb";

    /**
     * Number of multiplexed connections that publishing and acknowledgements share; a topic
     * always uses the same one, which keeps its order.
     */
    private int poolSize = 1;

    /**
     * Whether AMB's own client (url or cluster-nodes) uses TLS; a rediss:// URL turns it on too.
     */
    private boolean ssl;

    /**
     * Password for AMB's own client (url or cluster-nodes), when the URL does not carry one.
     */
    private String password;

    /**
     * Redis Cluster nodes (host:port) for a client of AMB's own; takes precedence over url.
     */
    private List<String> clusterNodes = new ArrayList<>();

    /**
     * Prefix of every Redis key AMB writes: streams (<prefix>stream:<topic>), the topic registry
     * and pub/sub group claims.
     */
    private String keyPrefix = "amb:";

    /**
     * How long subscribing waits for Redis to confirm, and the command timeout of AMB's own client.
     */
    private Duration commandTimeout = Duration.ofSeconds(5);

    /**
     * How often a wildcard subscription in Streams mode looks for streams created after it
     * started; such a stream is read within this interval.
     */
    private Duration discoveryInterval = Duration.ofSeconds(1);

    /**
     * How long a Streams entry may stay unacknowledged with a consumer that stopped renewing it
     * (it died) before another member of the group claims it.
     */
    private Duration claimIdleTime = Duration.ofSeconds(30);

    /**
     * How long the claim that decides which pub/sub group member handles a message is kept.
     */
    private Duration groupClaimTtl = Duration.ofSeconds(30);

    /**
     * Capacity of each pub/sub subscription's queue; messages arriving while it is full (a slow or
     * paused subscriber) are dropped and counted.
     */
    private int queueCapacity = 10_000;

    /**
     * Most Streams entries one subscription holds unacknowledged (read ahead, being handled or
     * waiting for a delayed redelivery).
     */
    private int prefetch = 256;

    /** @return the URL, or {@code null} to use the application's connection factory */
    public String getUrl() {
        return url;
    }

    /** @param url the URL */
    public void setUrl(String url) {
        this.url = url;
    }

    /** @return {@code true} for Streams mode */
    public boolean isUseStreams() {
        return useStreams;
    }

    /** @param useStreams {@code true} for Streams mode */
    public void setUseStreams(boolean useStreams) {
        this.useStreams = useStreams;
    }

    /** @return the approximate stream length, 0 for no trimming */
    public long getStreamMaxLen() {
        return streamMaxLen;
    }

    /** @param streamMaxLen the approximate stream length */
    public void setStreamMaxLen(long streamMaxLen) {
        this.streamMaxLen = streamMaxLen;
    }

    /** @return the consumer group prefix */
    public String getConsumerGroup() {
        return consumerGroup;
    }

    /** @param consumerGroup the consumer group prefix */
    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    /** @return the number of command connections */
    public int getPoolSize() {
        return poolSize;
    }

    /** @param poolSize the number of command connections */
    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    /** @return whether AMB's own client uses TLS */
    public boolean isSsl() {
        return ssl;
    }

    /** @param ssl whether AMB's own client uses TLS */
    public void setSsl(boolean ssl) {
        this.ssl = ssl;
    }

    /** @return the password of AMB's own client */
    public String getPassword() {
        return password;
    }

    /** @param password the password of AMB's own client */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return the cluster nodes */
    public List<String> getClusterNodes() {
        return clusterNodes;
    }

    /** @param clusterNodes the cluster nodes */
    public void setClusterNodes(List<String> clusterNodes) {
        this.clusterNodes = clusterNodes;
    }

    /** @return the key prefix */
    public String getKeyPrefix() {
        return keyPrefix;
    }

    /** @param keyPrefix the key prefix */
    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** @return the command timeout */
    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    /** @param commandTimeout the command timeout */
    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    /** @return the discovery interval */
    public Duration getDiscoveryInterval() {
        return discoveryInterval;
    }

    /** @param discoveryInterval the discovery interval */
    public void setDiscoveryInterval(Duration discoveryInterval) {
        this.discoveryInterval = discoveryInterval;
    }

    /** @return the claim idle time */
    public Duration getClaimIdleTime() {
        return claimIdleTime;
    }

    /** @param claimIdleTime the claim idle time */
    public void setClaimIdleTime(Duration claimIdleTime) {
        this.claimIdleTime = claimIdleTime;
    }

    /** @return the pub/sub group claim lifetime */
    public Duration getGroupClaimTtl() {
        return groupClaimTtl;
    }

    /** @param groupClaimTtl the pub/sub group claim lifetime */
    public void setGroupClaimTtl(Duration groupClaimTtl) {
        this.groupClaimTtl = groupClaimTtl;
    }

    /** @return the pub/sub queue capacity */
    public int getQueueCapacity() {
        return queueCapacity;
    }

    /** @param queueCapacity the pub/sub queue capacity */
    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** @return the Streams prefetch */
    public int getPrefetch() {
        return prefetch;
    }

    /** @param prefetch the Streams prefetch */
    public void setPrefetch(int prefetch) {
        this.prefetch = prefetch;
    }
}
