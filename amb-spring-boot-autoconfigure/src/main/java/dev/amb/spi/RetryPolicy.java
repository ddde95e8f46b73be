package dev.amb.spi;

import dev.amb.SubscriptionOptions;

/**
 * Decides how a failing handler is retried. The bus asks for one {@link Retrier} per
 * subscription; AMB's implementation uses Resilience4j ({@code dev.amb.resilience}).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RetryPolicy {

    /**
     * @param subscriptionId the subscription's name
     * @param options its options ({@link SubscriptionOptions#retries()} and
     *        {@link SubscriptionOptions#retryDelay()} override the policy's defaults)
     * @return the retrier for that subscription
     */
    Retrier forSubscription(String subscriptionId, SubscriptionOptions options);

    /** @return a policy that never retries: one attempt, then the failure handling */
    static RetryPolicy none() {
        return (id, options) -> Retrier.SINGLE_ATTEMPT;
    }
}
