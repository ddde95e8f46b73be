package dev.amb.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The bus-wide handler retry policy ({@code amb.retry.*}): exponential backoff with jitter.
 *
 * <p>The n-th retry waits {@code min(maxDelay, initialDelay * multiplier^(n-1))}, randomized by
 * {@code ±jitter}. The total time a message can spend in backoff is therefore at most
 * {@code (1 + jitter) * sum over n = 1..maxRetries of min(maxDelay, initialDelay * multiplier^(n-1))}
 * (see {@link #maxTotalBackoff()}); with the defaults (3 retries, 1 s, x2, 60 s, 0.1) that is
 * 7.7 s.
 *
 * @param maxRetries retries after the first attempt
 * @param initialDelay the delay before the first retry
 * @param maxDelay the longest delay between two attempts
 * @param multiplier how much each delay grows
 * @param jitter the randomization factor, 0.0 (none) to below 1.0
 * @param retryable only these exception types (and subclasses) are retried; empty means all
 * @param nonRetryable these exception types (and subclasses) are never retried
 * @since 0.1.0
 * @see #ALWAYS_NON_RETRYABLE
 */
public record RetrySettings(int maxRetries, Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
        List<Class<? extends Throwable>> retryable, List<Class<? extends Throwable>> nonRetryable) {

    /**
     * Failures no retry can cure, never retried whatever the lists say (matched by class name, so
     * the libraries need not be on the class path): Bean Validation failures, payloads that cannot
     * be (de)serialized, and class cast errors.
     */
    public static final List<String> ALWAYS_NON_RETRYABLE = List.of("jakarta.validation.ValidationException",
            "dev.amb.MessageSerializationException", "java.lang.ClassCastException");

    /**
     * Validates the settings, naming the property at fault.
     * @param maxRetries 0 or more
     * @param initialDelay zero or positive
     * @param maxDelay at least {@code initialDelay}
     * @param multiplier 1.0 or more
     * @param jitter 0.0 to below 1.0
     * @param retryable exception types
     * @param nonRetryable exception types
     */
    public RetrySettings {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("amb.retry.max-retries must be 0 or more, was " + maxRetries);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("amb.retry.initial-delay must not be negative, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("amb.retry.max-delay (" + maxDelay
                    + ") must not be shorter than amb.retry.initial-delay (" + initialDelay + ")");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("amb.retry.multiplier must be 1.0 or more, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("amb.retry.jitter must be at least 0.0 and below 1.0, was " + jitter);
        }
        retryable = List.copyOf(retryable);
        nonRetryable = List.copyOf(nonRetryable);
    }

    /** @return 3 retries, 1 s initial delay, 60 s maximum, multiplier 2.0, jitter 0.1, every exception retryable */
    public static RetrySettings defaults() {
        return new RetrySettings(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.1, List.of(), List.of());
    }

    /**
     * @param maxRetries the new retry count
     * @return a copy with it
     */
    public RetrySettings withMaxRetries(int maxRetries) {
        return new RetrySettings(maxRetries, initialDelay, maxDelay, multiplier, jitter, retryable, nonRetryable);
    }

    /**
     * @param initialDelay the new first delay (the maximum grows to it if needed)
     * @return a copy with it
     */
    public RetrySettings withInitialDelay(Duration initialDelay) {
        Duration max = maxDelay.compareTo(initialDelay) < 0 ? initialDelay : maxDelay;
        return new RetrySettings(maxRetries, initialDelay, max, multiplier, jitter, retryable, nonRetryable);
    }

    /** @return the longest time one message can spend waiting between its attempts */
    public Duration maxTotalBackoff() {
        double total = 0;
        double delay = initialDelay.toMillis();
        for (int n = 0; n < maxRetries; n++) {
            total += Math.min(maxDelay.toMillis(), delay);
            delay *= multiplier;
        }
        return Duration.ofMillis(Math.round(total * (1 + jitter)));
    }

    private static boolean isAlwaysNonRetryable(Throwable error) {
        for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
            if (ALWAYS_NON_RETRYABLE.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param error a handler failure
     * @return whether the policy retries it
     */
    public boolean isRetryable(Throwable error) {
        if (error instanceof InterruptedException || error instanceof Error || isAlwaysNonRetryable(error)) {
            return false;
        }
        if (nonRetryable.stream().anyMatch(type -> type.isInstance(error))) {
            return false;
        }
        return retryable.isEmpty() || retryable.stream().anyMatch(type -> type.isInstance(error));
    }
}
