package dev.amb.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.amb.MessageSerializationException;
import dev.amb.SubscriptionOptions;
import dev.amb.spi.Retrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Resilience4jRetryPolicyTests {

    private static final RetrySettings FAST = new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(4), 2.0, 0.0,
            List.of(), List.of(IllegalArgumentException.class));

    @Test
    void retriesUntilSuccessNumberingAttemptsFromOne() throws Exception {
        Retrier retrier = new Resilience4jRetryPolicy(FAST).forSubscription("s", SubscriptionOptions.pattern("a"));
        List<Integer> attempts = new CopyOnWriteArrayList<>();

        retrier.run(1, attempt -> {
            attempts.add(attempt);
            if (attempt < 3) {
                throw new IllegalStateException("again");
            }
        });

        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(retrier.maxAttempts()).isEqualTo(4);
    }

    @Test
    void givesUpAfterMaxAttemptsRethrowingTheLastFailure() {
        Retrier retrier = new Resilience4jRetryPolicy(FAST).forSubscription("s", SubscriptionOptions.pattern("a"));
        List<Integer> attempts = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> retrier.run(1, attempt -> {
            attempts.add(attempt);
            throw new IllegalStateException("failure " + attempt);
        })).isInstanceOf(IllegalStateException.class).hasMessage("failure 4");
        assertThat(attempts).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aRedeliveredMessageContinuesItsCount() {
        Retrier retrier = new Resilience4jRetryPolicy(FAST).forSubscription("s", SubscriptionOptions.pattern("a"));
        List<Integer> attempts = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> retrier.run(3, attempt -> {
            attempts.add(attempt);
            throw new IllegalStateException("no");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).containsExactly(3, 4);
    }

    @Test
    void nonRetryableAndAlwaysNonRetryableFailuresAreNotRetried() {
        Retrier retrier = new Resilience4jRetryPolicy(FAST).forSubscription("s", SubscriptionOptions.pattern("a"));
        List<Integer> attempts = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> retrier.run(1, attempt -> {
            attempts.add(attempt);
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retrier.run(1, attempt -> {
            attempts.add(attempt);
            throw new MessageSerializationException("cannot decode");
        })).isInstanceOf(MessageSerializationException.class);
        assertThat(attempts).containsExactly(1, 1);
    }

    @Test
    void retryableListRestrictsWhatIsRetried() {
        RetrySettings onlyTimeouts = new RetrySettings(2, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0,
                List.of(java.util.concurrent.TimeoutException.class), List.of());

        assertThat(onlyTimeouts.isRetryable(new java.util.concurrent.TimeoutException())).isTrue();
        assertThat(onlyTimeouts.isRetryable(new IllegalStateException())).isFalse();
        assertThat(onlyTimeouts.isRetryable(new OutOfMemoryError())).isFalse();
    }

    @Test
    void subscriptionOptionsOverrideRetriesAndDelay() throws Exception {
        Retrier retrier = new Resilience4jRetryPolicy(FAST)
            .forSubscription("s", SubscriptionOptions.pattern("a").retries(1).retryDelay(Duration.ofMillis(2)));
        List<Integer> attempts = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> retrier.run(1, attempt -> {
            attempts.add(attempt);
            throw new IllegalStateException("no");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(((Resilience4jRetryPolicy.Resilience4jRetrier) retrier).settings().initialDelay())
            .isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void totalBackoffIsBoundedAndDocumented() {
        assertThat(RetrySettings.defaults().maxTotalBackoff()).isEqualTo(Duration.ofMillis(7700));
        RetrySettings capped = new RetrySettings(10, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.0, List.of(),
                List.of());
        assertThat(capped.maxTotalBackoff()).isEqualTo(Duration.ofSeconds(1 + 2 + 4 + 8 + 10 * 6));
    }

    @Test
    void invalidSettingsNameTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.defaults().withMaxRetries(-1))
            .withMessageContaining("amb.retry.max-retries");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RetrySettings(1, Duration.ofSeconds(5), Duration.ofSeconds(1), 2.0, 0.1, List.of(),
                    List.of()))
            .withMessageContaining("amb.retry.max-delay");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RetrySettings(1, Duration.ZERO, Duration.ZERO, 0.5, 0.1, List.of(), List.of()))
            .withMessageContaining("amb.retry.multiplier");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RetrySettings(1, Duration.ZERO, Duration.ZERO, 1.0, 1.0, List.of(), List.of()))
            .withMessageContaining("amb.retry.jitter");
        assertThatIllegalArgumentException().isThrownBy(() -> new BreakerSettings(0, Duration.ofSeconds(1), 1))
            .withMessageContaining("amb.circuit-breaker.failure-threshold");
    }
}
