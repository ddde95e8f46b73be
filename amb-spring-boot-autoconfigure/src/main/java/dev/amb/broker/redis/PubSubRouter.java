package dev.amb.broker.redis;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import dev.amb.AmbException;

/**
 * The broker's one pub/sub connection and the routes on it: each subscribed channel or glob
 * pattern and the targets (subscriptions, groups) listening there. Several targets on the same
 * channel or pattern share one Redis subscription; the last one leaving unsubscribes.
 *
 * <p>{@link #add} returns only when Redis has confirmed the {@code SUBSCRIBE} / {@code PSUBSCRIBE}
 * (also for a target joining a route whose confirmation is still on its way), so messages
 * published afterwards are delivered. Lettuce re-subscribes every route after a reconnect.
 *
 * <p><b>Threading:</b> {@code add} and {@code remove} may be called from any thread; messages
 * arrive on the connection's event loop thread, where targets must only queue them.
 */
final class PubSubRouter extends RedisPubSubAdapter<String, byte[]> {

    private static final Log logger = LogFactory.getLog(PubSubRouter.class);

    /** Receives the messages of a route, on the event loop thread: it must not block. */
    interface Target {

        void onMessage(String channel, byte[] message);
    }

    private final RedisRuntime runtime;

    private final Object lock = new Object();

    private final Map<String, Route> channels = new ConcurrentHashMap<>();

    private final Map<String, Route> patterns = new ConcurrentHashMap<>();

    private StatefulRedisPubSubConnection<String, byte[]> connection;

    private boolean closed;

    PubSubRouter(RedisRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Adds a target to a route, subscribing in Redis when it is the route's first, and waits for
     * Redis's confirmation.
     * @param name the channel, or the glob when {@code glob}
     * @param glob {@code true} for a pattern subscription
     * @param target the target
     * @throws AmbException when Redis does not confirm within the command timeout
     */
    void add(String name, boolean glob, Target target) {
        Route route;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("The Redis broker is closed; cannot subscribe to '" + name + "'");
            }
            Map<String, Route> routes = glob ? patterns : channels;
            route = routes.get(name);
            if (route == null) {
                StatefulRedisPubSubConnection<String, byte[]> pubSub = connection();
                CompletableFuture<Void> confirmed = (glob ? pubSub.async().psubscribe(name)
                        : pubSub.async().subscribe(name)).toCompletableFuture();
                route = new Route(confirmed);
                routes.put(name, route);
            }
            route.targets.addIfAbsent(target);
        }
        try {
            runtime.await(route.confirmed, "confirm the subscription to " + (glob ? "pattern '" : "channel '") + name + "'");
        }
        catch (RuntimeException ex) {
            remove(name, glob, target);
            throw ex;
        }
    }

    /**
     * Removes a target; unsubscribes in Redis (without waiting) when the route is left empty.
     * Messages already on their way may still reach the other targets of the route, never this one
     * once this method returned.
     */
    void remove(String name, boolean glob, Target target) {
        synchronized (lock) {
            Map<String, Route> routes = glob ? patterns : channels;
            Route route = routes.get(name);
            if (route == null || !route.targets.remove(target) || !route.targets.isEmpty()) {
                return;
            }
            routes.remove(name);
            if (connection != null && !closed) {
                try {
                    if (glob) {
                        connection.async().punsubscribe(name);
                    }
                    else {
                        connection.async().unsubscribe(name);
                    }
                }
                catch (RuntimeException ex) {
                    logger.debug("Could not unsubscribe from '" + name + "' (disconnected?)", ex);
                }
            }
        }
    }

    /**
     * @return why the pub/sub connection is not usable, or {@code null} when it is connected or
     *         not opened yet (no pub/sub subscription)
     */
    String connectionProblem() {
        StatefulRedisPubSubConnection<String, byte[]> current;
        synchronized (lock) {
            current = closed ? null : connection;
        }
        return current == null || current.isOpen() ? null
                : "the Redis pub/sub connection to " + runtime.connector().description()
                        + " is not connected (Lettuce is reconnecting and subscribes again)";
    }

    /** Must hold the lock. */
    private StatefulRedisPubSubConnection<String, byte[]> connection() {
        if (connection == null) {
            connection = runtime.connector().connectPubSub();
            connection.addListener(this);
        }
        return connection;
    }

    @Override
    public void message(String channel, byte[] message) {
        dispatch(channels.get(channel), channel, message);
    }

    @Override
    public void message(String pattern, String channel, byte[] message) {
        dispatch(patterns.get(pattern), channel, message);
    }

    private static void dispatch(Route route, String channel, byte[] message) {
        if (route == null) {
            return;
        }
        for (Target target : route.targets) {
            try {
                target.onMessage(channel, message);
            }
            catch (RuntimeException ex) {
                logger.error("Redis pub/sub target " + target + " failed on a message from '" + channel + "'", ex);
            }
        }
    }

    /**
     * Closes the pub/sub connection; idempotent.
     * @return completes when the connection is closed
     */
    CompletableFuture<Void> close() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            closed = true;
            channels.clear();
            patterns.clear();
            if (connection == null) {
                return CompletableFuture.completedFuture(null);
            }
            connection.removeListener(this);
            return connection.closeAsync();
        }
    }

    private static final class Route {

        final CompletableFuture<Void> confirmed;

        final CopyOnWriteArrayList<Target> targets = new CopyOnWriteArrayList<>();

        Route(CompletableFuture<Void> confirmed) {
            this.confirmed = confirmed;
        }
    }
}
