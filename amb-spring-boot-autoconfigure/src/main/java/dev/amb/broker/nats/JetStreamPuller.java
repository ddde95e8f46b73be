package dev.amb.broker.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.StreamContext;
import io.nats.client.api.ConsumerInfo;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Pulls one JetStream consumer of a {@link JetStreamNatsSubscription} through a pull subscription
 * of its own: it asks the server only for as many messages as it has room for (its share of the
 * subscription's bound, which follows the handlers' pace, minus what it holds unsettled and what
 * earlier pull requests may still bring), once at least half of that share is free, in pull requests that expire after {@value #PULL_EXPIRES_MILLIS} ms, so that nothing is
 * pulled ahead of what the subscription can hold and a pause takes effect within that time. The
 * pull subscription stays open, so a message the server sends late is received, never lost.
 *
 * <p><b>Recreating what the server dropped:</b> the server deletes an ephemeral consumer nobody
 * pulled for its inactive threshold (a long pause, a client outage), and an operator may delete a
 * durable one. The puller checks that its consumer exists on every failure, after a resume or a
 * reconnect, and every half inactive threshold; when it is gone it is created again, starting after
 * the last stream sequence this puller received (a durable consumer another member already
 * recreated is bound as it is), and one WARN says so.
 *
 * <p><b>Threading:</b> {@link #run()} is the pulling loop, on one of the adapter's worker threads
 * until the subscription closes; {@link #recheck()}, {@link #settled()} and {@link #consumerName()}
 * are called from any thread.
 */
final class JetStreamPuller implements Runnable {

    private static final Log logger = LogFactory.getLog(JetStreamPuller.class);

    static final long PULL_EXPIRES_MILLIS = 1000;

    /** How long after a pull request expired the server's messages for it may still arrive. */
    static final long PULL_MARGIN_MILLIS = 500;

    /**
     * How long before a pull request expires the next one is made, so that one is always waiting
     * at the server (a message the old one still brings then takes room beyond the bound for a
     * moment; it is tracked and kept alive like any other).
     */
    static final long PULL_RENEW_EARLY_MILLIS = 50;

    static final long RETRY_MILLIS = 1000;

    private final JetStreamNatsSubscription owner;

    private final JetStream jetStream;

    private final StreamContext stream;

    private final String subject;

    /** The most messages this puller may hold now (its share of the subscription's read-ahead). */
    private final IntSupplier maxHeld;

    private final long checkIntervalNanos;

    private final AtomicInteger held = new AtomicInteger();

    private volatile ConsumerContext consumer;

    private volatile boolean recheck;

    /** The pulling thread only, after creation. */
    private JetStreamSubscription pull;

    private long lastSequence;

    private int outstanding;

    private long outstandingUntil;

    private long checkedAt = System.nanoTime();

    private boolean failing;

    JetStreamPuller(JetStreamNatsSubscription owner, JetStream jetStream, StreamContext stream, String subject,
            IntSupplier maxHeld, Duration checkInterval) {
        this.owner = owner;
        this.jetStream = jetStream;
        this.stream = stream;
        this.subject = subject;
        this.maxHeld = maxHeld;
        this.checkIntervalNanos = checkInterval.toNanos();
    }

    /**
     * Creates (or binds) the consumer and its pull subscription, on the subscribing thread.
     * @throws IOException when the server cannot be asked
     * @throws JetStreamApiException when the server refuses the consumer
     */
    void create() throws IOException, JetStreamApiException {
        ConsumerContext created = stream.createOrUpdateConsumer(owner.configuration(subject, 0));
        ConsumerInfo info = created.getCachedConsumerInfo();
        if (info != null && info.getDelivered() != null) {
            lastSequence = info.getDelivered().getStreamSequence();
        }
        consumer = created;
        bind();
    }

    private void bind() throws IOException, JetStreamApiException {
        unsubscribe();
        pull = jetStream.subscribe(subject, PullSubscribeOptions.fastBind(stream.getStreamName(),
                consumer.getConsumerName()));
        outstanding = 0;
    }

    /** @return the consumer's name, {@code null} before it was created */
    String consumerName() {
        ConsumerContext current = consumer;
        return current == null ? null : current.getConsumerName();
    }

    /**
     * Asks the server for the consumer's backlog: messages not yet delivered plus messages
     * delivered and not acknowledged. Blocks for one request; the caller runs it off the delivery threads.
     * @return the backlog, 0 before the consumer exists
     */
    long backlog() throws IOException, JetStreamApiException {
        ConsumerContext current = consumer;
        if (current == null) {
            return 0;
        }
        ConsumerInfo info = current.getConsumerInfo();
        return info.getNumPending() + info.getNumAckPending();
    }

    /** Makes the loop check that the consumer still exists before it pulls again. */
    void recheck() {
        recheck = true;
    }

    /** A message this puller received was settled or handed back: room for another. */
    void settled() {
        held.decrementAndGet();
        synchronized (held) {
            held.notifyAll();
        }
    }

    @Override
    public void run() {
        try {
            while (!owner.isClosed()) {
                step();
            }
            drainLate();
        }
        finally {
            unsubscribe();
        }
    }

    private void step() {
        try {
            if (recheck || System.nanoTime() - checkedAt > checkIntervalNanos) {
                ensureConsumer();
            }
            long now = System.nanoTime();
            if (outstanding > 0 && now - outstandingUntil > 0) {
                outstanding = 0; // the pull requests expired
            }
            boolean paused = owner.isPaused();
            if (!paused) {
                int max = maxHeld.getAsInt();
                int room = max - held.get() - outstanding;
                if (room >= refillAt(max)) {
                    pull.pullExpiresIn(room, Duration.ofMillis(PULL_EXPIRES_MILLIS));
                    outstanding += room;
                    outstandingUntil = now + Duration.ofMillis(PULL_EXPIRES_MILLIS - PULL_RENEW_EARLY_MILLIS).toNanos();
                }
            }
            if (outstanding > 0 || paused) {
                receive(pull.nextMessage(Duration.ofMillis(100)));
            }
            else {
                awaitSettlement(); // holding nearly all it may: pull again once half the room is free
            }
            if (failing) {
                failing = false;
                logger.info("JetStream consumer " + consumerName() + " of " + owner + " pulls again");
            }
        }
        catch (InterruptedException ex) {
            if (!owner.isClosed()) {
                Thread.interrupted(); // a stray interrupt: look at 'closed' again
            }
        }
        catch (Exception ex) {
            if (owner.isClosed()) {
                return;
            }
            if (!failing) {
                failing = true;
                logger.warn("Pulling JetStream consumer " + consumerName() + " of " + owner + " failed (" + ex
                        + "); checking the consumer and trying again every " + RETRY_MILLIS + " ms");
            }
            recheck = true;
            try {
                owner.awaitChange(RETRY_MILLIS);
            }
            catch (InterruptedException interrupted) {
                Thread.interrupted();
            }
        }
    }

    /** Pulls again once this much room is free (half the bound): fewer, larger pull requests. */
    private static int refillAt(int max) {
        return Math.max(1, max / 2);
    }

    private void awaitSettlement() throws InterruptedException {
        synchronized (held) {
            int max = maxHeld.getAsInt();
            if (max - held.get() < refillAt(max) && !owner.isClosed()) {
                held.wait(100);
            }
        }
    }

    private void receive(Message message) {
        if (message == null || !message.isJetStream()) {
            return;
        }
        if (outstanding > 0) {
            outstanding--;
        }
        lastSequence = Math.max(lastSequence, message.metaData().streamSequence());
        held.incrementAndGet();
        owner.arrived(message, this);
    }

    /** After closing: what open pull requests still bring is handed back at once. */
    private void drainLate() {
        long until = System.nanoTime() + Duration.ofMillis(PULL_EXPIRES_MILLIS + PULL_MARGIN_MILLIS).toNanos();
        try {
            while (outstanding > 0 && pull != null && System.nanoTime() - until < 0) {
                receive(pull.nextMessage(Duration.ofMillis(100)));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException ex) {
            // the connection closed: the server redelivers after ack-wait
        }
    }

    /** Closes the pull subscription; the pulling thread's, or the subscribing thread's before the loop started. */
    void unsubscribe() {
        JetStreamSubscription current = pull;
        pull = null;
        if (current != null) {
            try {
                current.unsubscribe();
            }
            catch (RuntimeException ex) {
                // the connection is closed already
            }
        }
    }

    /** Checks that the consumer exists; creates it again when the server dropped it. */
    private void ensureConsumer() throws IOException, JetStreamApiException {
        recheck = false;
        try {
            consumer.getConsumerInfo();
        }
        catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() != 10014 && ex.getErrorCode() != 404) {
                throw ex;
            }
            String gone = consumerName();
            ConsumerContext existing = owner.existingDurable(stream, gone);
            consumer = existing != null ? existing
                    : stream.createOrUpdateConsumer(owner.configuration(subject, lastSequence + 1));
            bind();
            logger.warn("JetStream consumer " + gone + " of " + owner + " was deleted by the server (inactive "
                    + "threshold or an operator); " + (existing != null ? "bound the durable consumer again"
                            : "created " + consumerName() + " from stream sequence " + (lastSequence + 1)));
        }
        if (pull == null) {
            bind();
        }
        checkedAt = System.nanoTime();
    }
}
