package dev.amb.samples.worker;

import java.time.Instant;

/**
 * One of the worker's circuit breakers changed state; published on {@code agents.<id>.breaker}
 * so that the supervisor sees it.
 * @param agentId the worker
 * @param breaker the breaker's name
 * @param from the previous state
 * @param to the new state
 * @param time when it changed
 */
record BreakerChange(String agentId, String breaker, String from, String to, Instant time) {
}
