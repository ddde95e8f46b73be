package dev.amb.spi;

import java.time.Duration;

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
