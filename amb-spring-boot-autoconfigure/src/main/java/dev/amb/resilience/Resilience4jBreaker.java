package dev.amb.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.Breaker;

/**
 * A Resilience4j {@link CircuitBreaker} seen through the bus's {@link Breaker} contract. One
 * Resilience4j event consumer per breaker fans state changes out to the Spring event publisher and
 * then to the bus's listeners (which can be removed, unlike Resilience4j's). The bus's listeners are
 * told first, and an application listener that throws is logged and changes nothing: the bus
 * never depends on application code to resume a subscription. Listeners must not trust the order
 * in which transitions reach them (a trial call on another thread may cause the next transition at
 * once); the bus's gate re-reads {@link #state()} on every notification.
 */
final class Resilience4jBreaker implements Breaker {

    private static final Log logger = LogFactory.getLog(Resilience4jBreaker.class);

    private final CircuitBreaker delegate;

    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();

    Resilience4jBreaker(CircuitBreaker delegate, Consumer<CircuitBreakerStateChangedEvent> events, Object eventSource) {
        this.delegate = delegate;
        delegate.getEventPublisher().onStateTransition(event -> {
            State from = map(event.getStateTransition().getFromState());
            State to = map(event.getStateTransition().getToState());
            listeners.forEach(listener -> listener.accept(to));
            try {
                events.accept(new CircuitBreakerStateChangedEvent(eventSource, delegate.getName(), from, to));
            }
            catch (RuntimeException ex) {
                logger.warn("An application listener failed on the state change of circuit breaker '"
                        + delegate.getName() + "' (" + from + " -> " + to + "); the bus is not affected", ex);
            }
        });
    }

    static State map(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> State.OPEN;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.CLOSED;
        };
    }

    @Override
    public String name() {
        return delegate.getName();
    }

    @Override
    public State state() {
        return map(delegate.getState());
    }

    @Override
    public boolean tryAcquirePermission() {
        return delegate.tryAcquirePermission();
    }

    @Override
    public void releasePermission() {
        delegate.releasePermission();
    }

    @Override
    public void onSuccess(Duration elapsed) {
        delegate.onSuccess(elapsed.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onError(Duration elapsed, Throwable error) {
        delegate.onError(elapsed.toNanos(), TimeUnit.NANOSECONDS, error);
    }

    @Override
    public Runnable onStateChange(Consumer<State> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "Breaker[" + name() + ", " + state() + "]";
    }
}
