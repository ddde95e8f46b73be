package dev.amb.resilience;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import dev.amb.spi.Breaker;
import dev.amb.spi.CircuitBreakerProvider;

/**
 * Circuit breakers from Resilience4j.
 *
 * <p>A listener breaker name refers to the application's {@link CircuitBreakerRegistry}: an
 * instance configured there ({@code resilience4j.circuitbreaker.instances.<name>.*}, with its
 * {@code configs} and {@code base-config}) is used as is; any other name gets a breaker built
 * from {@code amb.circuit-breaker.*} and registered under that name, so actuator and metrics see
 * it. Publishing breakers, one per topic and named {@code amb.publish.<topic>}, are always built
 * from {@code amb.circuit-breaker.*}; they are kept out of the registry, and at most
 * {@value #MAX_PUBLISH_BREAKERS} are kept (closed ones are forgotten first), because topics are
 * unbounded (one per agent, one per inbox).
 *
 * <p>Every state change is passed to the given event consumer (in Spring, the application event
 * publisher) as a {@link CircuitBreakerStateChangedEvent}. Thread safe.
 *
 * @since 0.1.0
 */
public class Resilience4jCircuitBreakers implements CircuitBreakerProvider {

    /** The most publishing breakers kept at once. */
    public static final int MAX_PUBLISH_BREAKERS = 10_000;

    private final CircuitBreakerRegistry registry;

    private final CircuitBreakerConfig defaults;

    private final Consumer<CircuitBreakerStateChangedEvent> events;

    private final Map<String, Resilience4jBreaker> listenerBreakers = new ConcurrentHashMap<>();

    private final Map<String, Resilience4jBreaker> publishBreakers = new ConcurrentHashMap<>();

    /**
     * Creates the provider.
     * @param registry the application's registry (or a new one)
     * @param defaults {@code amb.circuit-breaker.*}
     * @param events receives every state change
     */
    public Resilience4jCircuitBreakers(CircuitBreakerRegistry registry, BreakerSettings defaults,
            Consumer<CircuitBreakerStateChangedEvent> events) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.defaults = defaults.toConfig();
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public Breaker listenerBreaker(String name) {
        return listenerBreakers.computeIfAbsent(name, key -> new Resilience4jBreaker(
                registry.find(key).orElseGet(() -> registry.circuitBreaker(key, defaults)), events, this));
    }

    @Override
    public Breaker publishBreaker(String topic) {
        Resilience4jBreaker breaker = publishBreakers.get(topic);
        if (breaker != null) {
            return breaker;
        }
        if (publishBreakers.size() >= MAX_PUBLISH_BREAKERS) {
            publishBreakers.values().removeIf(candidate -> candidate.state() == Breaker.State.CLOSED);
        }
        return publishBreakers.computeIfAbsent(topic,
                key -> new Resilience4jBreaker(CircuitBreaker.of("amb.publish." + key, defaults), events, this));
    }

    /** @return the registry listener breakers come from */
    public CircuitBreakerRegistry registry() {
        return registry;
    }
}
