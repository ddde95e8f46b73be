package dev.amb.broker.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * One multiplexed Lettuce connection with its asynchronous commands, standalone or cluster
 * (both share {@link RedisClusterAsyncCommands}). Commands never block the caller; their futures
 * complete on the connection's event loop thread.
 *
 * @param connection the connection
 * @param commands its asynchronous commands
 * @param cluster {@code true} for a cluster connection
 */
record RedisLink(StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands,
        boolean cluster) {

    /** @return {@code true} while connected (false while Lettuce reconnects) */
    boolean isOpen() {
        return connection.isOpen();
    }

    /** @return the connection's command timeout */
    Duration timeout() {
        return connection.getTimeout();
    }

    /**
     * Closes the connection; never throws.
     * @return completes when it is closed
     */
    CompletableFuture<Void> closeAsync() {
        try {
            return connection.closeAsync();
        }
        catch (RuntimeException ex) {
            return CompletableFuture.completedFuture(null); // already closed with its client
        }
    }
}
