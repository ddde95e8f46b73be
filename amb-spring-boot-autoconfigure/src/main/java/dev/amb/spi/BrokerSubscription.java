package dev.amb.spi;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription held by a broker adapter.
 *
 * <p><b>Threading:</b> all methods are thread safe and may be called from the subscription's own
 * delivery threads.
 *
 * @since 0.1.0
 */
public interface BrokerSubscription extends AutoCloseable {

    /**
     * Stops taking new deliveries until {@link #resume()}; deliveries already being handled
     * finish. Durable brokers keep the messages meanwhile; the memory broker keeps them in the
     * subscription's bounded queue.
     */
    void pause();

    /** Takes deliveries again after {@link #pause()}. */
    void resume();

    /** @return {@code true} until the subscription is closed */
    boolean isActive();

    /**
     * How many received messages wait in the adapter for a handler thread. Cheap and
     * non-blocking (it is read by metrics and health on their own threads).
     * @return the count, or empty when the adapter does not queue or cannot tell
     * @since 0.3.0
     */
    default OptionalLong queued() {
        return OptionalLong.empty();
    }

    /**
     * How many messages the broker holds for this subscription that it has not yet delivered or
     * that wait for an acknowledgement (its consumer lag), as far as the broker can tell. Must not
     * block the calling thread: an adapter whose client call blocks runs it on a thread of its own.
     * The bus calls it at most every few seconds and caches the answer.
     * @return the lag, or empty when the broker cannot tell (the default)
     * @since 0.3.0
     */
    default CompletableFuture<OptionalLong> lag() {
        return CompletableFuture.completedFuture(OptionalLong.empty());
    }

    /**
     * Why this subscription stopped delivering although nobody closed it (its consumer died).
     * @return a description of the failure, or {@code null} when there is none or the adapter
     *     cannot tell
     * @since 0.3.0
     */
    default String failure() {
        return null;
    }

    /**
     * Stops delivery with the adapter's default grace period; see {@link #close(Duration)}.
     */
    @Override
    void close();

    /**
     * Stops delivery. Returns once no new delivery will start and the deliveries already running
     * have finished or the grace period is over (running deliveries are then interrupted); when
     * called from one of the subscription's own deliveries it does not wait for that one.
     * Idempotent; never throws.
     * @param grace how long to wait for running deliveries
     */
    void close(Duration grace);
}
