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
 * <p><b>Attempts count failures, not deliveries.</b> A redelivery that follows no failure (the
 * subscription closed or its breaker interrupted the wait, the consumer crashed, a {@code MANUAL}
 * handler requeued it) does not use up a retry: a message's attempts start at one more than the
 * failed attempts the bus remembers for it ({@link FailureHandling#failedAttempts}, recorded when
 * the bus hands a message back unsettled after failures, e.g. after an {@code Error}), while
 * {@link dev.amb.Message#deliveryAttempt()} still counts every delivery and retry. Once those
 * failures reach the policy's attempts, the redelivery is dead-lettered without another attempt.
 * The broker's delivery count is only a backstop: a message delivered more than
 * {@value #REDELIVERIES_WITHOUT_FAILURE} times beyond the policy's attempts (it crashes the process
 * each time, or a {@code MANUAL} handler requeues it for ever) is dead-lettered with a
 * {@link RedeliveryLimitException}, in every ack mode. In
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

    /** Deliveries beyond the policy's attempts that are tolerated before the backstop dead-letters. */
    static final int REDELIVERIES_WITHOUT_FAILURE = 10;

    private final InboundPreparer<T> preparer;

    private final MessageHandler<T> handler;

    private final SubscriptionCounters counters;

    private final Retrier retrier;

    private final BreakerGate gate;

    private final Semaphore unacked;

    private final SubscriptionFactory.Observed observed;

    DeliveryProcessor(InboundPreparer<T> preparer, MessageHandler<T> handler, Retrier retrier, BreakerGate gate,
            SubscriptionFactory.Observed observed) {
        this.preparer = preparer;
        this.handler = handler;
        this.counters = preparer.subscription().counters();
        this.retrier = retrier;
        this.gate = gate;
        this.observed = observed;
        var options = preparer.subscription().options();
        this.unacked = options.ackMode() == AckMode.MANUAL ? new Semaphore(options.maxUnacked()) : null;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        counters.started();
        try {
            process(delivery);
        }
        finally {
            counters.finished();
        }
    }

    private void process(Delivery delivery) {
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
        int failedBefore = preparer.failures().failedAttempts(subscription, tracked);
        int deliveries = delivery.deliveryAttempt();
        int maxAttempts = retrier.maxAttempts();
        boolean manual = unacked != null;
        if (failedBefore >= maxAttempts || deliveries > maxAttempts + REDELIVERIES_WITHOUT_FAILURE) {
            preparer.failures().handlerFailed(subscription, tracked, Math.max(failedBefore, 1),
                    new RedeliveryLimitException(deliveries, failedBefore, maxAttempts, REDELIVERIES_WITHOUT_FAILURE));
            return;
        }
        DefaultMessage<T> message = preparer.prepare(tracked);
        if (message == null) {
            return;
        }
        int first = failedBefore + 1;
        // what the handler sees as its delivery attempt still counts every delivery (redeliveries that
        // followed no failure included); only the retry budget counts failures
        int shown = Math.max(0, deliveries - 1 - failedBefore);
        int[] last = { first };
        int[] failed = { failedBefore };
        try {
            retrier.run(first, attempt -> {
                last[0] = attempt;
                if (attempt > first) {
                    counters.retried.increment();
                }
                try {
                    attempt(message.withAttempt(attempt + shown));
                }
                catch (InterruptedException ex) {
                    throw ex; // the wait for the breaker was interrupted: no failure of the handler
                }
                catch (Exception | Error ex) {
                    failed[0]++;
                    throw ex;
                }
            });
            counters.handled.increment();
            if (!manual) {
                tracked.ack();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            if (!tracked.isSettled()) {
                preparer.failures().rememberFailedAttempts(subscription, tracked, failed[0]);
                preparer.failures().interrupted(subscription, tracked);
            }
        }
        catch (Exception ex) {
            if (Thread.currentThread().isInterrupted()) {
                preparer.failures().rememberFailedAttempts(subscription, tracked, failed[0]);
                preparer.failures().interrupted(subscription, tracked);
            }
            else if (!tracked.isSettled()) {
                preparer.failures().handlerFailed(subscription, tracked, last[0], ex);
            }
        }
        catch (Error error) {
            if (!tracked.isSettled()) {
                preparer.failures().rememberFailedAttempts(subscription, tracked, failed[0]);
            }
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
            observed.observer().process(message.envelope(), observed.subscription(), message.deliveryAttempt(),
                    () -> handler.handle(message));
            long elapsed = System.nanoTime() - start;
            counters.handlerSuccess.record(elapsed);
            if (gate != null) {
                gate.breaker().onSuccess(Duration.ofNanos(elapsed));
            }
        }
        catch (Exception | Error ex) {
            // an Error is a failure too: unrecorded, it would leak a half-open trial permit
            long elapsed = System.nanoTime() - start;
            counters.handlerFailures.increment();
            counters.handlerFailure.record(elapsed);
            if (gate != null) {
                gate.breaker().onError(Duration.ofNanos(elapsed), ex);
            }
            throw ex;
        }
    }
}
