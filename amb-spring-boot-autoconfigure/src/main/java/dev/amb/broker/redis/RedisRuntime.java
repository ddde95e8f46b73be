package dev.amb.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;
import dev.amb.spi.support.AdapterThreads;

/**
 * What the pub/sub and Streams transports of one {@link RedisBroker} share: settings, names, the
 * pool of command connections, the handler threads and the timer.
 *
 * <p><b>Threads:</b> handlers run on a cached pool of daemon threads ({@code amb-redis-worker-n},
 * renamed after their subscription while they work, at most the subscription's concurrency each);
 * delayed redeliveries, discovery and pending-entry maintenance run on one timer thread
 * ({@code amb-redis-timer}) and only issue asynchronous commands there. Lettuce's event loop
 * threads only complete futures and queue deliveries; they never run handlers.
 */
final class RedisRuntime {

    private static final Log logger = LogFactory.getLog(RedisRuntime.class);

    private final RedisBrokerSettings settings;

    private final RedisConnector connector;

    private final RedisNames names;

    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

    private final List<RedisLink> links;

    private final ExecutorService workers;

    private final ScheduledExecutorService timer;

    private final AtomicLong sequence = new AtomicLong();

    RedisRuntime(RedisConnector connector, RedisBrokerSettings settings) {
        this.settings = settings;
        this.connector = connector;
        this.names = new RedisNames(settings.keyPrefix(), settings.consumerGroup());
        this.links = openLinks(connector, settings.poolSize());
        this.workers = AdapterThreads.workers("amb-redis-worker-");
        this.timer = AdapterThreads.timer("amb-redis-timer");
    }

    private static List<RedisLink> openLinks(RedisConnector connector, int count) {
        List<RedisLink> opened = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                opened.add(connector.connect());
            }
            return List.copyOf(opened);
        }
        catch (RuntimeException ex) {
            opened.forEach(RedisLink::closeAsync);
            throw ex;
        }
    }

    RedisBrokerSettings settings() {
        return settings;
    }

    RedisConnector connector() {
        return connector;
    }

    RedisNames names() {
        return names;
    }

    /** @return this broker's random id, part of consumer names and claims */
    String instanceId() {
        return instanceId;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /**
     * The command connection for a key: always the same one for the same key, so commands about
     * one topic (or one group) keep their order.
     */
    RedisLink link(String key) {
        return links.size() == 1 ? links.get(0) : links.get(Math.floorMod(key.hashCode(), links.size()));
    }

    /**
     * @return how many command connections are not connected now (Lettuce reconnects them), as a
     *         sentence naming the server, or {@code null} when all are
     */
    String connectionProblem() {
        long down = links.stream().filter(link -> !link.isOpen()).count();
        if (down == 0) {
            return null;
        }
        return down + " of " + links.size() + " Redis command connection(s) to " + connector.description()
                + " are not connected (Lettuce is reconnecting)";
    }

    Executor workers() {
        return workers;
    }

    /**
     * Runs a task on the timer after a delay.
     * @return the scheduled task, or {@code null} when the broker is closing
     */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        try {
            return timer.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            return null;
        }
    }

    /** Runs a task on the timer every {@code period}, the first time after one period. */
    ScheduledFuture<?> every(Duration period, Runnable task) {
        return timer.scheduleWithFixedDelay(guarded(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                logger.warn("Redis broker background task failed; it will run again when due", ex);
            }
        };
    }

    /**
     * Waits for a command on a calling (never an event loop) thread, at most the command timeout.
     * @param future the command
     * @param what what it does, for the error message
     * @return its result
     * @throws AmbException naming {@code what} and Redis's address when it fails or times out
     */
    <T> T await(CompletionStage<T> future, String what) {
        return await(future, what, settings.commandTimeout());
    }

    /**
     * Waits for a command at most {@code timeout} (a share of the shutdown grace, say).
     * @see #await(CompletionStage, String)
     */
    <T> T await(CompletionStage<T> future, String what, Duration timeout) {
        try {
            return future.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AmbException("Interrupted while waiting to " + what, ex);
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            throw new AmbException("Redis at " + connector.description() + " failed to " + what + ": "
                    + cause.getMessage(), cause);
        }
        catch (TimeoutException ex) {
            future.toCompletableFuture().cancel(false);
            throw new AmbException("Redis at " + connector.description() + " did not " + what + " within "
                    + timeout.toMillis() + " ms", ex);
        }
    }

    /**
     * How long a blocking stream read waits on the server: well inside the connection's command
     * timeout so that a quiet stream never looks like a dead connection.
     */
    static Duration blockTimeout(RedisLink link) {
        Duration timeout = link.timeout();
        long millis = timeout == null || timeout.isZero() ? 2000 : Math.min(2000, timeout.toMillis() / 2);
        return Duration.ofMillis(Math.max(50, millis));
    }

    /** Stops the timer and the handler threads and closes the command connections. */
    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        AdapterThreads.stop(timer, workers, grace);
        awaitQuietly(CompletableFuture.allOf(links.stream().map(RedisLink::closeAsync).toArray(CompletableFuture[]::new)),
                AdapterThreads.remaining(deadline));
    }

    /** Waits up to two seconds for something that must not hold up closing; never throws. */
    static void awaitQuietly(CompletableFuture<?> future) {
        awaitQuietly(future, Duration.ofSeconds(2));
    }

    /** Waits up to {@code max} (at most two seconds, at least 50 ms) for something that must not hold up closing. */
    static void awaitQuietly(CompletableFuture<?> future, Duration max) {
        long millis = Math.max(50, Math.min(2000, max.toMillis()));
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException ex) {
            logger.debug("Closing a Redis connection did not complete cleanly", ex);
        }
    }
}
