package dev.amb.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import dev.amb.spi.Breaker;

/**
 * A Resilience4j {@link CircuitBreaker} seen through the bus's {@link Breaker} contract. One
 * Resilience4j event consumer per breaker fans state changes out to the Spring event publisher and
 * then to the bus's listeners (which can be removed, unlike Resilience4j's). Publishing the event
 * before the listeners run keeps events in transition order: a listener resuming a paused
 * subscription lets its half-open trial call, and so the next transition, happen at once.
 */
final class Resilience4jBreaker implements Breaker {

    private final CircuitBreaker delegate;

    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();

    Resilience4jBreaker(CircuitBreaker delegate, Consumer<CircuitBreakerStateChangedEvent> events, Object eventSource) {
        this.delegate = delegate;
        delegate.getEventPublisher().onStateTransition(event -> {
            State from = map(event.getStateTransition().getFromState());
            State to = map(event.getStateTransition().getToState());
            // the event first: a listener may resume a paused subscription, whose trial call can
            // cause the next transition at once on another thread
            events.accept(new CircuitBreakerStateChangedEvent(eventSource, delegate.getName(), from, to));
            listeners.forEach(listener -> listener.accept(to));
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
