package dev.amb.core;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import dev.amb.AckMode;
import dev.amb.Subscription;

/**
 * A subscription made through a {@link DefaultMessageBus}, as operators see it: its settings, its
 * state and figures, and pause / resume. Every subscription {@link DefaultMessageBus} returns is
 * one; {@link DefaultMessageBus#subscriptions()} lists those still open.
 *
 * <p><b>Threading:</b> thread safe; every method is cheap and never blocks (the lag is the last
 * value the broker reported, refreshed in the background).
 *
 * @since 0.3.0
 */
public interface ManagedSubscription extends Subscription {

    /** @return the subscription's id (an endpoint's id, or generated from its patterns and group) */
    String id();

    /** @return how its messages are acknowledged */
    AckMode ackMode();

    /** @return the name of the listener's circuit breaker, or {@code null} */
    String circuitBreaker();

    /** @return the state now */
    State state();

    /**
     * Why the subscription is {@link State#FAILED}.
     * @return the reason, or {@code null} when it is not failed
     */
    String failure();

    /** @return messages being handled now */
    int inFlight();

    /** @return messages waiting in the adapter for a handler thread, empty when the adapter cannot tell */
    OptionalLong queued();

    /**
     * The consumer lag the broker last reported; asking starts a refresh in the background when
     * the value is older than a few seconds.
     * @return the lag, empty when the broker cannot tell or has not answered yet
     */
    OptionalLong lag();

    /** @return the state of the listener's circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), or {@code null} */
    String circuitBreakerState();

    /**
     * How long the running handlers have made no progress: the time since a handler last finished
     * (or started while none was running), while at least one runs.
     * @return the time, zero when no handler runs
     */
    Duration stalledFor();

    /** @return its running totals (shared with other subscriptions of the same id, patterns and group) */
    SubscriptionCounters counters();

    /** @return the patterns it was created with */
    @Override
    List<String> patterns();

    /**
     * Stops taking new messages until {@link #resume()}; running handlers finish. Durable brokers
     * keep the messages meanwhile. Survives the circuit breaker closing.
     */
    void pause();

    /** Takes messages again after {@link #pause()} (unless its circuit breaker is open). */
    void resume();

    /**
     * What a subscription is doing.
     *
     * @since 0.3.0
     */
    enum State {
        /** Taking and handling messages. */
        RUNNING,
        /** Paused by {@link ManagedSubscription#pause()}. */
        PAUSED,
        /** Paused while its circuit breaker is open. */
        BREAKER_OPEN,
        /** Not closed, but its consumer stopped (see {@link ManagedSubscription#failure()}). */
        FAILED,
        /** Closed. */
        CLOSED
    }
}
