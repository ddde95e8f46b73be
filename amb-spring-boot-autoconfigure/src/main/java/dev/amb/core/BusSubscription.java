package dev.amb.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.amb.Subscription;
import dev.amb.spi.BrokerSubscription;

/**
 * The user's handle on a subscription: wraps the broker's subscription and tells the bus when it
 * is closed. Closing pauses the broker subscription, hands over what a batch subscription still
 * buffers, then closes the broker subscription within the grace period. Thread safe;
 * {@link #close()} is idempotent.
 */
final class BusSubscription implements Subscription {

    private final SubscriptionContext context;

    private final Consumer<BusSubscription> onClose;

    private final Runnable drain;

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile BrokerSubscription brokerSubscription;

    BusSubscription(SubscriptionContext context, Runnable drain, Consumer<BusSubscription> onClose) {
        this.context = context;
        this.drain = drain;
        this.onClose = onClose;
    }

    void attach(BrokerSubscription brokerSubscription) {
        this.brokerSubscription = brokerSubscription;
    }

    /** Stops new deliveries without closing (first phase of the bus's shutdown). */
    void pause() {
        BrokerSubscription broker = brokerSubscription;
        if (broker != null && !closed.get()) {
            broker.pause();
        }
    }

    @Override
    public String pattern() {
        return context.pattern().value();
    }

    @Override
    public String group() {
        return context.group();
    }

    @Override
    public boolean isActive() {
        BrokerSubscription broker = brokerSubscription;
        return !closed.get() && broker != null && broker.isActive();
    }

    @Override
    public void close() {
        close(null);
    }

    /**
     * Closes the subscription.
     * @param grace how long to wait for running handlers, or {@code null} for the broker's default
     */
    void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            BrokerSubscription broker = brokerSubscription;
            if (broker != null) {
                broker.pause();
                drain.run();
                if (grace != null) {
                    broker.close(grace);
                }
                else {
                    broker.close();
                }
            }
        }
        finally {
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + context.id() + "]";
    }
}
