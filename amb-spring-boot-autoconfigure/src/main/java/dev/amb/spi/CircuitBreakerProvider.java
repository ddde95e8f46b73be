package dev.amb.spi;

/**
 * Supplies the bus's circuit breakers: named ones guarding listeners
 * ({@code @AgentListener(circuitBreaker = "external-api")}) and one per topic guarding publishing.
 *
 * @since 0.1.0
 */
public interface CircuitBreakerProvider {

    /**
     * @param name a breaker name; the same name always gives the same breaker
     * @return the breaker guarding listeners that name it
     */
    Breaker listenerBreaker(String name);

    /**
     * @param topic a concrete topic
     * @return the breaker guarding publishes to that topic
     */
    Breaker publishBreaker(String topic);
}
