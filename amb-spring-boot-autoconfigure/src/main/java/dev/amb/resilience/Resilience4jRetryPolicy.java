package dev.amb.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedRunnable;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import dev.amb.SubscriptionOptions;
import dev.amb.spi.Retrier;
import dev.amb.spi.RetryPolicy;

/**
 * Handler retries with Resilience4j {@link Retry}: exponential backoff with jitter from
 * {@link RetrySettings}, overridden per subscription by {@link SubscriptionOptions#retries()} and
 * {@link SubscriptionOptions#retryDelay()}.
 *
 * <p>Each subscription gets its own {@code Retry} instances (named after the subscription), one
 * per number of attempts left, so a redelivered message continues its count instead of starting
 * again. The backoff sleeps on the delivery thread (Resilience4j's default), which delays only the
 * subscription that is retrying.
 *
 * @since 0.1.0
 */
public class Resilience4jRetryPolicy implements RetryPolicy {

    private final RetrySettings defaults;

    /**
     * Creates the policy.
     * @param defaults the bus-wide settings
     */
    public Resilience4jRetryPolicy(RetrySettings defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** @return the bus-wide settings */
    public RetrySettings defaults() {
        return defaults;
    }

    @Override
    public Retrier forSubscription(String subscriptionId, SubscriptionOptions options) {
        RetrySettings settings = defaults;
        if (options.retries().isPresent()) {
            settings = settings.withMaxRetries(options.retries().getAsInt());
        }
        if (options.retryDelay().isPresent()) {
            settings = settings.withInitialDelay(options.retryDelay().get());
        }
        return new Resilience4jRetrier(subscriptionId, settings);
    }

    /** One subscription's retries. */
    static final class Resilience4jRetrier implements Retrier {

        private final RetrySettings settings;

        /** {@code retries[n]} allows n attempts. */
        private final Retry[] retries;

        Resilience4jRetrier(String name, RetrySettings settings) {
            this.settings = settings;
            int maxAttempts = settings.maxRetries() + 1;
            IntervalFunction backoff = backoff(settings);
            this.retries = new Retry[maxAttempts + 1];
            for (int attempts = 1; attempts <= maxAttempts; attempts++) {
                retries[attempts] = Retry.of(name, RetryConfig.custom()
                    .maxAttempts(attempts)
                    .intervalFunction(backoff)
                    .retryOnException(settings::isRetryable)
                    .build());
            }
        }

        private static IntervalFunction backoff(RetrySettings settings) {
            // Resilience4j requires at least 1 ms between attempts
            Duration initial = settings.initialDelay().compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1)
                    : settings.initialDelay();
            Duration max = settings.maxDelay().compareTo(initial) < 0 ? initial : settings.maxDelay();
            if (settings.jitter() == 0.0) {
                return IntervalFunction.ofExponentialBackoff(initial, settings.multiplier(), max);
            }
            return IntervalFunction.ofExponentialRandomBackoff(initial, settings.multiplier(), settings.jitter(), max);
        }

        RetrySettings settings() {
            return settings;
        }

        @Override
        public int maxAttempts() {
            return retries.length - 1;
        }

        @Override
        public void run(int firstAttempt, Attempt attempt) throws Exception {
            int left = Math.max(1, Math.min(maxAttempts(), maxAttempts() - firstAttempt + 1));
            AtomicInteger number = new AtomicInteger(firstAttempt - 1);
            CheckedRunnable decorated = Retry.decorateCheckedRunnable(retries[left],
                    () -> attempt.run(number.incrementAndGet()));
            try {
                decorated.run();
            }
            catch (Exception | Error ex) {
                throw ex;
            }
            catch (Throwable other) {
                throw new IllegalStateException(other);
            }
        }
    }
}
