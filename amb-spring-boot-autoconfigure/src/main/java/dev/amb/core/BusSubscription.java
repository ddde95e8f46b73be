package dev.amb.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.amb.Subscription;
import dev.amb.spi.BrokerSubscription;

/**
 * The user's handle on a subscription: wraps the broker's subscription and tells the bus when it
 * is closed. Thread safe; {@link #close()} is idempotent.
 */
final class BusSubscription implements Subscription {

    private final SubscriptionContext context;

    private final Consumer<BusSubscription> onClose;

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile BrokerSubscription brokerSubscription;

    BusSubscription(SubscriptionContext context, Consumer<BusSubscription> onClose) {
        this.context = context;
        this.onClose = onClose;
    }

    void attach(BrokerSubscription brokerSubscription) {
        this.brokerSubscription = brokerSubscription;
    }

    String id() {
        return context.id();
    }

    BrokerSubscription brokerSubscription() {
        return brokerSubscription;
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
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            BrokerSubscription broker = brokerSubscription;
            if (broker != null) {
                broker.close();
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
