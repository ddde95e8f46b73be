package dev.amb.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import dev.amb.AmbException;

/**
 * Where the {@link RedisBroker} gets its Lettuce connections: a client AMB creates and owns (from
 * {@code amb.redis.url} or {@code amb.redis.cluster-nodes}), or the application's own client (the
 * one behind Spring Boot's {@code LettuceConnectionFactory}), which AMB opens its connections
 * through but never shuts down.
 *
 * <p>A client AMB creates rejects commands while it is disconnected, so publishing while Redis is
 * down fails at once, and times commands out after the URI's timeout. A shared client keeps the
 * application's options.
 *
 * <p>Thread safe. {@link #close()} shuts down an owned client (closing every connection opened
 * through it) and does nothing for a shared one.
 *
 * @since 0.1.0
 */
public final class RedisConnector implements AutoCloseable {

    /** Keys, channels and stream field names are UTF-8 strings; values are raw bytes. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final AbstractRedisClient client;

    private final boolean owned;

    private final String description;

    private RedisConnector(AbstractRedisClient client, boolean owned, String description) {
        this.client = Objects.requireNonNull(client, "client");
        this.owned = owned;
        this.description = description;
    }

    /**
     * A client of one Redis server (or a Sentinel-managed one), owned by AMB.
     * @param uri where to connect (its timeout becomes the command timeout), e.g.
     *        {@code redis://:secret@redis:6379/0} or {@code rediss://...} for TLS
     * @return the connector
     */
    public static RedisConnector create(RedisURI uri) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled())
            .build());
        return new RedisConnector(client, true, uri.toString());
    }

    /**
     * A client of a Redis Cluster, owned by AMB.
     * @param nodes some of the cluster's nodes (their timeout becomes the command timeout)
     * @return the connector
     */
    public static RedisConnector createCluster(List<RedisURI> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("amb.redis.cluster-nodes must name at least one node");
        }
        RedisClusterClient client = RedisClusterClient.create(nodes);
        client.setOptions(ClusterClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled())
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
            .build());
        return new RedisConnector(client, true, "cluster " + nodes);
    }

    /**
     * The application's client: AMB opens its connections through it and never shuts it down. It
     * must have been created with a default URI (standalone or Sentinel) or be a cluster client.
     * @param client a {@link RedisClient} or {@link RedisClusterClient}
     * @param description names it in messages, e.g. the connection factory and its address
     * @return the connector
     */
    public static RedisConnector shared(AbstractRedisClient client, String description) {
        if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
            throw new IllegalArgumentException("Unsupported Lettuce client " + client.getClass().getName());
        }
        return new RedisConnector(client, false, description);
    }

    /** @return {@code true} when AMB created the client and shuts it down */
    public boolean isOwned() {
        return owned;
    }

    /** @return {@code true} for a Redis Cluster client */
    public boolean isCluster() {
        return client instanceof RedisClusterClient;
    }

    /** @return where the connections go, for messages (credentials masked) */
    public String description() {
        return description;
    }

    /** Opens a multiplexed command connection. Blocks until connected. */
    RedisLink connect() {
        try {
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, byte[]> connection = cluster.connect(CODEC);
                return new RedisLink(connection, connection.async(), true);
            }
            StatefulRedisConnection<String, byte[]> connection = ((RedisClient) client).connect(CODEC);
            return new RedisLink(connection, connection.async(), false);
        }
        catch (RuntimeException ex) {
            throw new AmbException("Cannot connect to Redis at " + description + ": " + ex.getMessage(), ex);
        }
    }

    /** Opens a pub/sub connection. Blocks until connected. */
    StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
        try {
            if (client instanceof RedisClusterClient cluster) {
                return cluster.connectPubSub(CODEC);
            }
            return ((RedisClient) client).connectPubSub(CODEC);
        }
        catch (RuntimeException ex) {
            throw new AmbException("Cannot open a pub/sub connection to Redis at " + description + ": "
                    + ex.getMessage(), ex);
        }
    }

    /** Shuts down an owned client; does nothing for a shared one. Idempotent. */
    @Override
    public void close() {
        if (owned) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public String toString() {
        return "RedisConnector[" + description + (owned ? "" : ", shared") + "]";
    }
}
