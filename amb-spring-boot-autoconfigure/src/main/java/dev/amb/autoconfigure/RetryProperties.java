package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Handler retries ({@code amb.retry.*}): exponential backoff with jitter. Per-listener overrides:
 * {@code @AgentListener(retries = ..., retryDelay = ...)} and {@code SubscriptionOptions}.
 *
 * @since 0.1.0
 */
public class RetryProperties {

    /**
     * How many times a failed handler is retried before the message is dead-lettered (0 turns
     * retries off).
     */
    private int maxRetries = 3;

    /**
     * The delay before the first retry.
     */
    private Duration initialDelay = Duration.ofSeconds(1);

    /**
     * The longest delay between two attempts.
     */
    private Duration maxDelay = Duration.ofSeconds(60);

    /**
     * How much each delay grows over the previous one.
     */
    private double multiplier = 2.0;

    /**
     * Randomization of each delay, from 0.0 (none) to below 1.0: 0.1 means plus or minus 10%.
     */
    private double jitter = 0.1;

    /**
     * Only these exception types (and their subclasses) are retried; empty means every exception.
     */
    private List<Class<? extends Throwable>> retryableExceptions = new ArrayList<>();

    /**
     * These exception types (and their subclasses) are never retried: the message is dead-lettered
     * after the first failure.
     */
    private List<Class<? extends Throwable>> nonRetryableExceptions = new ArrayList<>();

    /** @return the retry count */
    public int getMaxRetries() {
        return maxRetries;
    }

    /** @param maxRetries the retry count */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** @return the first delay */
    public Duration getInitialDelay() {
        return initialDelay;
    }

    /** @param initialDelay the first delay */
    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }

    /** @return the longest delay */
    public Duration getMaxDelay() {
        return maxDelay;
    }

    /** @param maxDelay the longest delay */
    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    /** @return the multiplier */
    public double getMultiplier() {
        return multiplier;
    }

    /** @param multiplier the multiplier */
    public void setMultiplier(double multiplier) {
        this.multiplier = multiplier;
    }

    /** @return the jitter */
    public double getJitter() {
        return jitter;
    }

    /** @param jitter the jitter */
    public void setJitter(double jitter) {
        this.jitter = jitter;
    }

    /** @return the retryable exception types */
    public List<Class<? extends Throwable>> getRetryableExceptions() {
        return retryableExceptions;
    }

    /** @param retryableExceptions the retryable exception types */
    public void setRetryableExceptions(List<Class<? extends Throwable>> retryableExceptions) {
        this.retryableExceptions = retryableExceptions;
    }

    /** @return the non-retryable exception types */
    public List<Class<? extends Throwable>> getNonRetryableExceptions() {
        return nonRetryableExceptions;
    }

    /** @param nonRetryableExceptions the non-retryable exception types */
    public void setNonRetryableExceptions(List<Class<? extends Throwable>> nonRetryableExceptions) {
        this.nonRetryableExceptions = nonRetryableExceptions;
    }
}
