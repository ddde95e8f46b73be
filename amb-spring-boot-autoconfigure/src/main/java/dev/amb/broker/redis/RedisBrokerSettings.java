package dev.amb.broker.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link RedisBroker} ({@code amb.redis.*} apart from how to connect, which is the
 * {@link RedisConnector}'s business). Immutable; build one with {@link #builder()}.
 *
 * @param useStreams {@code true} for Redis Streams (durable, at-least-once), {@code false} for
 *        pub/sub (at-most-once, lowest latency)
 * @param streamMaxLen the approximate length ({@code XADD MAXLEN ~}) streams are trimmed to on
 *        publish; {@code 0} for no trimming
 * @param keyPrefix the prefix of every Redis key AMB writes (streams, the topic registry, group
 *        claims), e.g. {@code amb:}
 * @param consumerGroup the prefix of the Redis consumer groups AMB creates on streams: AMB group
 *        {@code workers} reads through the Redis group {@code <consumerGroup>:workers}
 * @param poolSize how many multiplexed connections publishing and settlement share (a topic always
 *        uses the same one, which keeps per-topic order)
 * @param commandTimeout how long subscribing waits for Redis to confirm, and the command timeout of
 *        connections AMB opens itself
 * @param discoveryInterval how often a wildcard subscription in Streams mode looks for streams
 *        created after it started
 * @param claimIdleTime how long a Streams entry may stay unacknowledged with a consumer that does
 *        not renew it (because it died) before another member of its group claims it
 * @param groupClaimTtl how long the claim a pub/sub group member writes for each message lives
 * @param queueCapacity the capacity of each pub/sub subscription's queue; messages arriving while
 *        it is full are dropped and counted
 * @param prefetch the most Streams entries a subscription holds unacknowledged (read ahead, being
 *        handled or awaiting settlement)
 * @param shutdownGrace how long closing waits for running handlers
 * @since 0.1.0
 */
public record RedisBrokerSettings(boolean useStreams, long streamMaxLen, String keyPrefix, String consumerGroup,
        int poolSize, Duration commandTimeout, Duration discoveryInterval, Duration claimIdleTime,
        Duration groupClaimTtl, int queueCapacity, int prefetch, Duration shutdownGrace) {

    /**
     * Validates the settings; messages name the {@code amb.redis.*} property.
     * @param useStreams Streams or pub/sub
     * @param streamMaxLen 0 or more
     * @param keyPrefix not null
     * @param consumerGroup not blank
     * @param poolSize 1 or more
     * @param commandTimeout positive
     * @param discoveryInterval positive
     * @param claimIdleTime positive
     * @param groupClaimTtl positive
     * @param queueCapacity 1 or more
     * @param prefetch 1 or more
     * @param shutdownGrace zero or positive
     */
    public RedisBrokerSettings {
        if (streamMaxLen < 0) {
            throw new IllegalArgumentException("amb.redis.stream-max-len must be 0 (no trimming) or more, was "
                    + streamMaxLen);
        }
        Objects.requireNonNull(keyPrefix, "amb.redis.key-prefix must not be null");
        if (consumerGroup == null || consumerGroup.isBlank()) {
            throw new IllegalArgumentException("amb.redis.consumer-group must not be blank");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("amb.redis.pool-size must be 1 or more, was " + poolSize);
        }
        positive("amb.redis.command-timeout", commandTimeout);
        positive("amb.redis.discovery-interval", discoveryInterval);
        positive("amb.redis.claim-idle-time", claimIdleTime);
        positive("amb.redis.group-claim-ttl", groupClaimTtl);
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("amb.redis.queue-capacity must be 1 or more, was " + queueCapacity);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("amb.redis.prefetch must be 1 or more, was " + prefetch);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative, was " + shutdownGrace);
        }
    }

    private static void positive(String property, Duration value) {
        Objects.requireNonNull(value, property + " must not be null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }

    /** @return pub/sub mode with the defaults of every other setting */
    public static RedisBrokerSettings defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        return new Builder().useStreams(useStreams).streamMaxLen(streamMaxLen).keyPrefix(keyPrefix)
            .consumerGroup(consumerGroup).poolSize(poolSize).commandTimeout(commandTimeout)
            .discoveryInterval(discoveryInterval).claimIdleTime(claimIdleTime).groupClaimTtl(groupClaimTtl)
            .queueCapacity(queueCapacity).prefetch(prefetch).shutdownGrace(shutdownGrace);
    }

    /**
     * Builds {@link RedisBrokerSettings}. Starts with the defaults: pub/sub, streams trimmed to
     * about 100,000 entries, key prefix {@code amb:}, consumer groups {@code amb:<group>}, one
     * connection, 5 s command timeout, 1 s discovery, 30 s claim idle time, 30 s group claims,
     * 10,000 queued pub/sub messages and 256 prefetched entries per subscription, 10 s shutdown
     * grace. Not thread safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private boolean useStreams;

        private long streamMaxLen = 100_000;

        private String keyPrefix = "amb:";

        private String consumerGroup = "amb";

        private int poolSize = 1;

        private Duration commandTimeout = Duration.ofSeconds(5);

        private Duration discoveryInterval = Duration.ofSeconds(1);

        private Duration claimIdleTime = Duration.ofSeconds(30);

        private Duration groupClaimTtl = Duration.ofSeconds(30);

        private int queueCapacity = 10_000;

        private int prefetch = 256;

        private Duration shutdownGrace = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * @param useStreams {@code true} for Redis Streams
         * @return this builder
         */
        public Builder useStreams(boolean useStreams) {
            this.useStreams = useStreams;
            return this;
        }

        /**
         * @param streamMaxLen approximate stream length, 0 for no trimming
         * @return this builder
         */
        public Builder streamMaxLen(long streamMaxLen) {
            this.streamMaxLen = streamMaxLen;
            return this;
        }

        /**
         * @param keyPrefix the prefix of AMB's Redis keys
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * @param consumerGroup the prefix of AMB's Redis consumer groups
         * @return this builder
         */
        public Builder consumerGroup(String consumerGroup) {
            this.consumerGroup = consumerGroup;
            return this;
        }

        /**
         * @param poolSize the number of command connections
         * @return this builder
         */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /**
         * @param commandTimeout the subscribe confirmation wait and own-connection command timeout
         * @return this builder
         */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * @param discoveryInterval how often wildcard stream subscriptions look for new streams
         * @return this builder
         */
        public Builder discoveryInterval(Duration discoveryInterval) {
            this.discoveryInterval = discoveryInterval;
            return this;
        }

        /**
         * @param claimIdleTime how long before a dead consumer's entries are claimed
         * @return this builder
         */
        public Builder claimIdleTime(Duration claimIdleTime) {
            this.claimIdleTime = claimIdleTime;
            return this;
        }

        /**
         * @param groupClaimTtl how long pub/sub group claims live
         * @return this builder
         */
        public Builder groupClaimTtl(Duration groupClaimTtl) {
            this.groupClaimTtl = groupClaimTtl;
            return this;
        }

        /**
         * @param queueCapacity the pub/sub queue capacity per subscription
         * @return this builder
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * @param prefetch the most unacknowledged Streams entries per subscription
         * @return this builder
         */
        public Builder prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /**
         * @param shutdownGrace how long closing waits for running handlers
         * @return this builder
         */
        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        /** @return the settings */
        public RedisBrokerSettings build() {
            return new RedisBrokerSettings(useStreams, streamMaxLen, keyPrefix, consumerGroup, poolSize, commandTimeout,
                    discoveryInterval, claimIdleTime, groupClaimTtl, queueCapacity, prefetch, shutdownGrace);
        }
    }
}
