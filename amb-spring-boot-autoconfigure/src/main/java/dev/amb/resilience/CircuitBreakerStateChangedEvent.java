package dev.amb.resilience;

import org.springframework.context.ApplicationEvent;

import dev.amb.spi.Breaker;

/**
 * Published (as a Spring application event) whenever one of AMB's circuit breakers changes
 * state: a listener breaker ({@code @AgentListener(circuitBreaker = "...")}) or a publishing
 * breaker (named {@code amb.publish.<topic>}).
 *
 * <pre>{@code
 * @EventListener
 * void onBreaker(CircuitBreakerStateChangedEvent event) {
 *     log.warn("breaker {} went from {} to {}", event.name(), event.from(), event.to());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class CircuitBreakerStateChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String name;

    private final Breaker.State from;

    private final Breaker.State to;

    /**
     * Creates the event.
     * @param source the object publishing it
     * @param name the breaker's name
     * @param from the previous state
     * @param to the new state
     */
    public CircuitBreakerStateChangedEvent(Object source, String name, Breaker.State from, Breaker.State to) {
        super(source);
        this.name = name;
        this.from = from;
        this.to = to;
    }

    /** @return the breaker's name */
    public String name() {
        return name;
    }

    /** @return the previous state */
    public Breaker.State from() {
        return from;
    }

    /** @return the new state */
    public Breaker.State to() {
        return to;
    }

    @Override
    public String toString() {
        return "CircuitBreakerStateChangedEvent[" + name + ": " + from + " -> " + to + "]";
    }
}
