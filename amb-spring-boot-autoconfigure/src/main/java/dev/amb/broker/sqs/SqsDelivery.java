package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * One received SQS message held by a subscription until it is settled or released.
 *
 * <p>States: {@code QUEUED} (received, waiting for a worker), {@code STARTED} (handed to the
 * bus), {@code SETTLED} (acked, nacked or rejected) and {@code RELEASED} (given back unseen, by
 * pause or close). Only one transition out of {@code QUEUED}/{@code STARTED} wins, so settlement
 * is first-wins and a released message is never also handled.
 *
 * <p><b>Threading:</b> thread safe; settlement never blocks (the subscription's
 * {@link SqsSettler} batches the calls).
 */
final class SqsDelivery implements Delivery {

    static final int QUEUED = 0;

    static final int STARTED = 1;

    static final int SETTLED = 2;

    static final int RELEASED = 3;

    private final SqsSubscription owner;

    private final Envelope envelope;

    private final String receiptHandle;

    private final String body;

    private final int attempt;

    private final AtomicInteger state = new AtomicInteger(QUEUED);

    /**
     * @param owner the subscription holding it
     * @param envelope the decoded message
     * @param body the body as received (to send a copy when it is given back unseen)
     * @param receiptHandle SQS's handle of this receive
     * @param attempt the attempt this delivery is: earlier attempts of a released copy plus the
     *        receive count
     */
    SqsDelivery(SqsSubscription owner, Envelope envelope, String body, String receiptHandle, int attempt) {
        this.owner = owner;
        this.envelope = envelope;
        this.body = body;
        this.receiptHandle = receiptHandle;
        this.attempt = attempt;
    }

    String body() {
        return body;
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public int deliveryAttempt() {
        return attempt;
    }

    String receiptHandle() {
        return receiptHandle;
    }

    boolean start() {
        return state.compareAndSet(QUEUED, STARTED);
    }

    boolean release() {
        return state.compareAndSet(QUEUED, RELEASED);
    }

    boolean isHeld() {
        int now = state.get();
        return now == QUEUED || now == STARTED;
    }

    @Override
    public void ack() {
        if (settle()) {
            owner.delete(this);
        }
    }

    @Override
    public void nack(Duration delay) {
        if (settle()) {
            owner.redeliver(this, delay == null || delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    @Override
    public void reject() {
        ack();
    }

    private boolean settle() {
        while (true) {
            int now = state.get();
            if (now == SETTLED || now == RELEASED) {
                return false;
            }
            if (state.compareAndSet(now, SETTLED)) {
                return true;
            }
        }
    }
}
