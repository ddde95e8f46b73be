/**
 * Resilience4j glue: handler retries ({@link dev.amb.resilience.Resilience4jRetryPolicy}) and
 * circuit breakers for listeners and publishing
 * ({@link dev.amb.resilience.Resilience4jCircuitBreakers}), with their state changes published as
 * {@link dev.amb.resilience.CircuitBreakerStateChangedEvent}s.
 */
package dev.amb.resilience;
