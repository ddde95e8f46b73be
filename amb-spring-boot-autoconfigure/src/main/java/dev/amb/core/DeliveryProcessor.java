package dev.amb.core;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import dev.amb.AckMode;
import dev.amb.MessageHandler;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Retrier;

/**
 * The inbound pipeline of one single-message subscription: {@link InboundPreparer prepare}
 * (pattern check, decode, filter), then the handler under the retry policy and, when the
 * subscription names one, its circuit breaker; then settle.
 *
 * <p>Attempt numbers continue the broker's delivery count, and a message already delivered more
 * often than the policy allows attempts is dead-lettered without another attempt. In
 * {@code MANUAL} mode the handler settles; a handler that returns without settling keeps the
 * message unsettled (it may settle later, from any thread), and once
 * {@link dev.amb.SubscriptionOptions#maxUnacked()} messages are unsettled the delivery thread waits
 * for one to be settled.
 *
 * <p><b>Threading:</b> runs on the broker adapter's delivery thread, including the retry backoff,
 * so a retrying handler delays only its own subscription. It never throws an {@code Exception}:
 * every failure goes to {@link FailureHandling}. An {@code Error} is not swallowed: the message is
 * returned to the broker and the {@code Error} rethrown.
 *
 * @param <T> the payload type
 */
final class DeliveryProcessor<T> implements DeliveryHandler {

    private final InboundPreparer<T> preparer;

    private final MessageHandler<T> handler;

    private final BusCounters counters;

    private final Retrier retrier;

    private final BreakerGate gate;

    private final Semaphore unacked;

    DeliveryProcessor(InboundPreparer<T> preparer, MessageHandler<T> handler, BusCounters counters, Retrier retrier,
            BreakerGate gate) {
        this.preparer = preparer;
        this.handler = handler;
        this.counters = counters;
        this.retrier = retrier;
        this.gate = gate;
        var options = preparer.subscription().options();
        this.unacked = options.ackMode() == AckMode.MANUAL ? new Semaphore(options.maxUnacked()) : null;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        SubscriptionContext subscription = preparer.subscription();
        if (unacked != null) {
            try {
                unacked.acquire();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                preparer.failures().interrupted(subscription, delivery);
                return;
            }
        }
        TrackedDelivery tracked = new TrackedDelivery(delivery, unacked);
        if (preparer.failures().retryPendingDeadLetter(subscription, tracked)) {
            return;
        }
        int first = delivery.deliveryAttempt();
        boolean manual = unacked != null;
        if (!manual && first > retrier.maxAttempts()) {
            preparer.failures().handlerFailed(subscription, tracked, first,
                    new RedeliveryLimitException(first, retrier.maxAttempts()));
            return;
        }
        DefaultMessage<T> message = preparer.prepare(tracked);
        if (message == null) {
            return;
        }
        int[] last = { first };
        try {
            retrier.run(first, attempt -> {
                last[0] = attempt;
                if (attempt > first) {
                    counters.retries.increment();
                }
                attempt(message.withAttempt(attempt));
            });
            counters.handled.increment();
            if (!manual) {
                tracked.ack();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            if (!tracked.isSettled()) {
                preparer.failures().interrupted(subscription, tracked);
            }
        }
        catch (Exception ex) {
            if (Thread.currentThread().isInterrupted()) {
                preparer.failures().interrupted(subscription, tracked);
            }
            else if (!tracked.isSettled()) {
                preparer.failures().handlerFailed(subscription, tracked, last[0], ex);
            }
        }
        catch (Error error) {
            tracked.nack(Duration.ZERO);
            throw error;
        }
    }

    private void attempt(DefaultMessage<T> message) throws Exception {
        if (gate != null) {
            gate.acquire();
        }
        long start = System.nanoTime();
        try {
            handler.handle(message);
            if (gate != null) {
                gate.breaker().onSuccess(Duration.ofNanos(System.nanoTime() - start));
            }
        }
        catch (Exception ex) {
            counters.handlerFailures.increment();
            if (gate != null) {
                gate.breaker().onError(Duration.ofNanos(System.nanoTime() - start), ex);
            }
            throw ex;
        }
    }
}
