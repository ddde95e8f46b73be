package dev.amb.samples.supervisor;

import java.time.Instant;

/**
 * One of a worker's circuit breakers changed state (read from {@code agents.<id>.breaker}).
 * @param agentId the worker
 * @param breaker the breaker's name
 * @param from the previous state ({@code CLOSED}, {@code OPEN} or {@code HALF_OPEN})
 * @param to the new state
 * @param time when it changed (the worker's clock)
 * @since 0.1.0
 */
public record BreakerChange(String agentId, String breaker, String from, String to, Instant time) {
}
