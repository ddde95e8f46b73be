package dev.amb.spi.support;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.amb.spi.BrokerSubscription;

/**
 * Several broker subscriptions acting as one (see {@link PatternSet}): pausing, resuming and
 * closing apply to each; {@link #close(Duration)} closes them side by side, so the whole close
 * stays within one grace period. Thread safe; closing is idempotent as each part's is.
 *
 * @since 0.2.0
 */
public final class CompositeSubscription implements BrokerSubscription {

    private final List<BrokerSubscription> parts;

    /**
     * @param parts the subscriptions to combine
     */
    public CompositeSubscription(List<BrokerSubscription> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public void pause() {
        parts.forEach(BrokerSubscription::pause);
    }

    @Override
    public void resume() {
        parts.forEach(BrokerSubscription::resume);
    }

    @Override
    public boolean isActive() {
        return parts.stream().allMatch(BrokerSubscription::isActive);
    }

    /** @return the sum over the parts that can tell, empty when none can */
    @Override
    public OptionalLong queued() {
        return sum(parts.stream().map(BrokerSubscription::queued).toList());
    }

    /** @return the sum of the parts' lags, empty when none can tell */
    @Override
    public CompletableFuture<OptionalLong> lag() {
        List<CompletableFuture<OptionalLong>> lags = parts.stream().map(BrokerSubscription::lag).toList();
        return CompletableFuture.allOf(lags.toArray(CompletableFuture[]::new))
            .thenApply(done -> sum(lags.stream().map(CompletableFuture::join).toList()));
    }

    /** @return the first part's failure, or {@code null} */
    @Override
    public String failure() {
        return parts.stream().map(BrokerSubscription::failure).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static OptionalLong sum(List<OptionalLong> values) {
        return values.stream().anyMatch(OptionalLong::isPresent)
                ? OptionalLong.of(values.stream().mapToLong(value -> value.orElse(0)).sum()) : OptionalLong.empty();
    }

    @Override
    public void close() {
        closeAll(BrokerSubscription::close);
    }

    @Override
    public void close(Duration grace) {
        closeAll(part -> part.close(grace));
    }

    private void closeAll(Consumer<BrokerSubscription> closer) {
        AdapterThreads.inParallel("amb-subscription-closer-",
                parts.stream().<Runnable>map(part -> () -> closer.accept(part)).toList());
    }
}
