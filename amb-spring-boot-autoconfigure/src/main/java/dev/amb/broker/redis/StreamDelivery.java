package dev.amb.broker.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A Streams delivery: one pending entry of the subscription's consumer group. {@code ack} and
 * {@code reject} {@code XACK} it; {@code nack(delay)} leaves it pending (so that a crash meanwhile
 * loses nothing) and claims it again when the delay is over, which raises its delivery count.
 */
final class StreamDelivery implements Delivery {

    private final StreamSubscription subscription;

    private final String key;

    private final String entryId;

    private final Map<String, byte[]> body;

    /** Decoded on first use, on a worker thread (never on the Lettuce event loop that read the entry). */
    private volatile Envelope envelope;

    private final int attempt;

    /** Queued, not yet handed to the handler (untried: handing it back restores its delivery count). */
    static final int QUEUED = 0;

    /** Handed to the handler: being handled, in a retry backoff, or held by a MANUAL handler. */
    static final int RUNNING = 1;

    /** Nacked: waiting for its delayed redelivery. */
    static final int WAITING = 2;

    /** Settled, or handed back to the group: the subscription no longer holds it. */
    static final int GONE = 3;

    private final AtomicBoolean settled = new AtomicBoolean();

    private final AtomicInteger state = new AtomicInteger(QUEUED);

    private volatile long startedNanos;

    private volatile ScheduledFuture<?> redelivery;

    StreamDelivery(StreamSubscription subscription, String key, String entryId, Map<String, byte[]> body, int attempt) {
        this.subscription = subscription;
        this.key = key;
        this.entryId = entryId;
        this.body = body;
        this.attempt = attempt;
    }

    /** @return the identity of the entry in the subscription's bookkeeping */
    static String ref(String key, String entryId) {
        return key + '\n' + entryId;
    }

    String ref() {
        return ref(key, entryId);
    }

    String key() {
        return key;
    }

    String entryId() {
        return entryId;
    }

    @Override
    public Envelope envelope() {
        Envelope decoded = envelope;
        if (decoded == null) {
            decoded = StreamEntryCodec.decode(subscription.topicOf(key), entryId, body);
            envelope = decoded;
        }
        return decoded;
    }

    @Override
    public int deliveryAttempt() {
        return attempt;
    }

    @Override
    public void ack() {
        if (settled.compareAndSet(false, true)) {
            subscription.acknowledge(this);
        }
    }

    @Override
    public void nack(Duration delay) {
        if (settled.compareAndSet(false, true)) {
            subscription.redeliverLater(this, delay);
        }
    }

    @Override
    public void reject() {
        if (settled.compareAndSet(false, true)) {
            subscription.acknowledge(this);
        }
    }

    /** @return {@code true} when the entry moved from {@code from} to {@code to} */
    boolean transition(int from, int to) {
        return state.compareAndSet(from, to);
    }

    /** @return the state: {@link #QUEUED}, {@link #RUNNING}, {@link #WAITING} or {@link #GONE} */
    int state() {
        return state.get();
    }

    /** Marks the entry handed to the handler; {@code false} when it was handed back meanwhile (skip it). */
    boolean start() {
        startedNanos = System.nanoTime();
        return state.compareAndSet(QUEUED, RUNNING);
    }

    /** @return nanoseconds since the handler got the entry, or -1 when it never did */
    long handlingNanos() {
        long started = startedNanos;
        return started == 0 ? -1 : System.nanoTime() - started;
    }

    void redelivery(ScheduledFuture<?> task) {
        this.redelivery = task;
    }

    void cancelRedelivery() {
        ScheduledFuture<?> task = redelivery;
        if (task != null) {
            task.cancel(false);
        }
    }
}
