package dev.amb.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

/**
 * A real broker seen through a test's eyes: it can report another payload limit, and hold a
 * {@code subscribe} call until the test lets it finish (to line up a subscribe with a close).
 */
final class GatedBroker implements Broker {

    private final Broker delegate;

    private final int maxPayloadBytes;

    final CountDownLatch subscribing = new CountDownLatch(1);

    final CountDownLatch letSubscribe = new CountDownLatch(1);

    private volatile boolean gateSubscribe;

    GatedBroker(Broker delegate, int maxPayloadBytes) {
        this.delegate = delegate;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The next subscribe calls wait for {@link #letSubscribe}. */
    void gateSubscribe() {
        gateSubscribe = true;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public BrokerCapabilities capabilities() {
        BrokerCapabilities c = delegate.capabilities();
        return new BrokerCapabilities(c.durable(), c.ordered(), c.consumerGroups(), c.nativeDelay(), c.exactPatterns(),
                c.nativeRequestReply(), maxPayloadBytes);
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        return delegate.publish(envelope);
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        if (gateSubscribe) {
            subscribing.countDown();
            try {
                if (!letSubscribe.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the subscribe finish");
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        return delegate.subscribe(spec, handler);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
