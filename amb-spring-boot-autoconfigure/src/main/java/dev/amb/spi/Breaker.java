package dev.amb.spi;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A circuit breaker as the bus uses it: permission before a call, the call's outcome after, and
 * notification of state changes. AMB's implementation wraps a Resilience4j {@code CircuitBreaker}.
 *
 * <p><b>Threading:</b> thread safe; state listeners run on the thread that caused the change.
 *
 * @since 0.1.0
 */
public interface Breaker {

    /** @return the breaker's name */
    String name();

    /** @return the current state */
    State state();

    /**
     * Asks to make a call.
     * @return {@code false} while the breaker is open (or half-open with no trial calls left)
     */
    boolean tryAcquirePermission();

    /** Gives back a permission that was not used for a call. */
    void releasePermission();

    /**
     * Records a successful call.
     * @param elapsed how long it took
     */
    void onSuccess(Duration elapsed);

    /**
     * Records a failed call.
     * @param elapsed how long it took
     * @param error the failure
     */
    void onError(Duration elapsed, Throwable error);

    /**
     * Registers a listener for state changes.
     * @param listener receives the new state
     * @return removes the listener again
     */
    Runnable onStateChange(Consumer<State> listener);

    /** The states the bus distinguishes. */
    enum State {
        /** Calls flow. */
        CLOSED,
        /** Calls are refused. */
        OPEN,
        /** A few trial calls decide between {@code CLOSED} and {@code OPEN}. */
        HALF_OPEN
    }
}
