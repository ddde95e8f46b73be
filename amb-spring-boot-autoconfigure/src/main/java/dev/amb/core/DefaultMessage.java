package dev.amb.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.amb.AckMode;
import dev.amb.Message;
import dev.amb.spi.Envelope;

/**
 * The bus's {@link Message}: envelope metadata, the decoded payload, the delivery attempt and,
 * for {@code MANUAL} subscriptions, the means to settle.
 *
 * @param <T> the payload type
 */
final class DefaultMessage<T> implements Message<T> {

    private final Envelope envelope;

    private final T data;

    private final Instant timestamp;

    private final int deliveryAttempt;

    private final AckMode ackMode;

    private final Settlement settlement;

    DefaultMessage(Envelope envelope, T data, Instant receivedAt, int deliveryAttempt, AckMode ackMode,
            Settlement settlement) {
        this.envelope = envelope;
        this.data = data;
        this.timestamp = envelope.time() != null ? envelope.time() : receivedAt;
        this.deliveryAttempt = deliveryAttempt;
        this.ackMode = ackMode;
        this.settlement = settlement;
    }

    Envelope envelope() {
        return envelope;
    }

    DefaultMessage<T> withAttempt(int attempt) {
        if (attempt == deliveryAttempt) {
            return this; // immutable: the first attempt needs no copy
        }
        return new DefaultMessage<>(envelope, data, timestamp, attempt, ackMode, settlement);
    }

    @Override
    public String id() {
        return envelope.id();
    }

    @Override
    public String topic() {
        return envelope.topic();
    }

    @Override
    public T data() {
        return data;
    }

    @Override
    public Map<String, String> headers() {
        return envelope.headers();
    }

    @Override
    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public String sender() {
        return envelope.source();
    }

    @Override
    public String correlationId() {
        return envelope.correlationId();
    }

    @Override
    public String replyTo() {
        return envelope.replyTo();
    }

    @Override
    public int deliveryAttempt() {
        return deliveryAttempt;
    }

    @Override
    public void ack() {
        manual("ack()").ack();
    }

    @Override
    public void reject(boolean requeue, Duration delay) {
        Settlement s = manual("reject()");
        if (requeue) {
            s.requeue(Objects.requireNonNullElse(delay, Duration.ZERO));
        }
        else {
            s.reject();
        }
    }

    @Override
    public void deadLetter(String reason) {
        manual("deadLetter()").deadLetter(Objects.requireNonNullElse(reason, "dead-lettered by the handler"));
    }

    private Settlement manual(String method) {
        if (ackMode != AckMode.MANUAL || settlement == null) {
            throw new IllegalStateException(method + " is only available with AckMode.MANUAL; this subscription uses "
                    + ackMode + ", where the bus settles messages itself");
        }
        return settlement;
    }

    @Override
    public String toString() {
        return "Message[id=" + id() + ", topic=" + topic() + ", sender=" + sender() + ", attempt=" + deliveryAttempt
                + ", headers=" + headers() + "]";
    }
}
