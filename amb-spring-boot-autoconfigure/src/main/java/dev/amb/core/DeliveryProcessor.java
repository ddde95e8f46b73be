package dev.amb.core;

import dev.amb.AckMode;
import dev.amb.MessageHandler;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;

/**
 * The inbound pipeline of one single-message subscription: {@link InboundPreparer prepare}
 * (pattern check, decode, filter), invoke, settle.
 *
 * <p><b>Threading:</b> runs on the broker adapter's delivery thread for the subscription; holds no
 * mutable state of its own, so concurrent deliveries (concurrency &gt; 1) are safe. It never
 * throws an {@code Exception}: every failure goes to {@link FailureHandling}. An {@code Error} is
 * not caught.
 *
 * @param <T> the payload type
 */
final class DeliveryProcessor<T> implements DeliveryHandler {

    private final InboundPreparer<T> preparer;

    private final MessageHandler<T> handler;

    private final BusCounters counters;

    DeliveryProcessor(InboundPreparer<T> preparer, MessageHandler<T> handler, BusCounters counters) {
        this.preparer = preparer;
        this.handler = handler;
        this.counters = counters;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        DefaultMessage<T> message = preparer.prepare(delivery);
        if (message == null) {
            return;
        }
        try {
            handler.handle(message);
            counters.handled.increment();
            if (preparer.subscription().options().ackMode() == AckMode.AUTO) {
                delivery.ack();
            }
        }
        catch (Exception ex) {
            counters.handlerFailures.increment();
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            preparer.failures().handlerFailed(preparer.subscription(), delivery, message.deliveryAttempt(), ex);
        }
    }
}
