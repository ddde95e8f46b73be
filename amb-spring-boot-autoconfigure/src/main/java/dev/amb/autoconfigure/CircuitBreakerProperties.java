package dev.amb.autoconfigure;

import java.time.Duration;

/**
 * AMB's default circuit breaker ({@code amb.circuit-breaker.*}): used for the per-topic
 * publishing breakers and for listener breaker names that
 * {@code resilience4j.circuitbreaker.instances.*} does not configure.
 *
 * @since 0.1.0
 */
public class CircuitBreakerProperties {

    /**
     * The breaker opens after this many consecutive failed calls.
     */
    private int failureThreshold = 5;

    /**
     * How long an open breaker refuses calls before letting trial calls through.
     */
    private Duration recoveryTimeout = Duration.ofSeconds(30);

    /**
     * How many trial calls a half-open breaker lets through; one success closes it again.
     */
    private int halfOpenRequests = 3;

    /** @return the failure threshold */
    public int getFailureThreshold() {
        return failureThreshold;
    }

    /** @param failureThreshold the failure threshold */
    public void setFailureThreshold(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    /** @return the recovery timeout */
    public Duration getRecoveryTimeout() {
        return recoveryTimeout;
    }

    /** @param recoveryTimeout the recovery timeout */
    public void setRecoveryTimeout(Duration recoveryTimeout) {
        this.recoveryTimeout = recoveryTimeout;
    }

    /** @return the number of half-open trial calls */
    public int getHalfOpenRequests() {
        return halfOpenRequests;
    }

    /** @param halfOpenRequests the number of half-open trial calls */
    public void setHalfOpenRequests(int halfOpenRequests) {
        this.halfOpenRequests = halfOpenRequests;
    }
}
