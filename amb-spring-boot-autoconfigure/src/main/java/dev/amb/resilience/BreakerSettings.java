package dev.amb.resilience;

import java.time.Duration;
import java.util.Objects;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * AMB's default circuit breaker ({@code amb.circuit-breaker.*}), used for publishing and for any
 * listener breaker name that {@code resilience4j.circuitbreaker.instances.*} does not configure.
 *
 * @param failureThreshold the breaker opens when this many consecutive calls failed
 * @param recoveryTimeout how long it stays open before letting trial calls through
 * @param halfOpenRequests how many trial calls decide whether it closes again (one success closes it)
 * @since 0.1.0
 */
public record BreakerSettings(int failureThreshold, Duration recoveryTimeout, int halfOpenRequests) {

    /**
     * Validates the settings, naming the property at fault.
     * @param failureThreshold 1 or more
     * @param recoveryTimeout positive
     * @param halfOpenRequests 1 or more
     */
    public BreakerSettings {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("amb.circuit-breaker.failure-threshold must be 1 or more, was "
                    + failureThreshold);
        }
        Objects.requireNonNull(recoveryTimeout, "recoveryTimeout");
        if (recoveryTimeout.isZero() || recoveryTimeout.isNegative()) {
            throw new IllegalArgumentException("amb.circuit-breaker.recovery-timeout must be positive, was "
                    + recoveryTimeout);
        }
        if (halfOpenRequests < 1) {
            throw new IllegalArgumentException("amb.circuit-breaker.half-open-requests must be 1 or more, was "
                    + halfOpenRequests);
        }
    }

    /** @return 5 failures, 30 s recovery timeout, 3 half-open trial calls */
    public static BreakerSettings defaults() {
        return new BreakerSettings(5, Duration.ofSeconds(30), 3);
    }

    /**
     * @return the equivalent Resilience4j configuration (count-based window, 100% failure rate); a
     *     breaker that stays half-open for the recovery timeout without a decision opens again
     */
    public CircuitBreakerConfig toConfig() {
        return CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(failureThreshold)
            .minimumNumberOfCalls(failureThreshold)
            .failureRateThreshold(100.0f)
            .waitDurationInOpenState(recoveryTimeout)
            .permittedNumberOfCallsInHalfOpenState(halfOpenRequests)
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            // trial calls whose outcome is never recorded cannot hold the breaker half-open for ever
            .maxWaitDurationInHalfOpenState(recoveryTimeout)
            .build();
    }
}
