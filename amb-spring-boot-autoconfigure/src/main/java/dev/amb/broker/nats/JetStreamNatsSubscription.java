package dev.amb.broker.nats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.ReadAheadPace;
import dev.amb.topic.Topics;

/**
 * A subscription on JetStream: one pull consumer per translated subject, each pulled by a
 * {@link JetStreamPuller}. A grouped subscription shares a durable consumer with the other members
 * of its work queue (named from its {@link dev.amb.spi.GroupKey} and the subject, so it survives
 * restarts and the members compete for its messages); a broadcast subscription has an ephemeral
 * consumer of its own, deleted when it closes (and by the server after
 * {@code consumerInactiveThreshold} without pulls, after which the puller creates it again). Both
 * start with the messages published after they were first created, acknowledge explicitly, and
 * honour {@code ackWait} and {@code maxDeliver}.
 *
 * <p><b>Nothing is pulled that cannot be handled within the ack deadline:</b> a grouped
 * subscription holds at most what its handlers get through in half of {@code ackWait} at the pace
 * they keep (a {@link ReadAheadPace}: at least its concurrency, 2 per handler until the first
 * message is settled, at most {@code maxQueueSize}); a broadcast subscription, whose ephemeral
 * consumer nobody else reads, up to {@code maxQueueSize}. The pullers pull as room frees, and every
 * {@code ackWait / 3} the subscription tells the server
 * that each message it still holds (queued, in a handler, in a retry backoff, in a MANUAL handler)
 * is in progress, so the server does not redeliver it.
 *
 * <p><b>Pause:</b> the pullers stop pulling, the in-progress signals stop, and the workers hand
 * every queued message back ({@code nak}) so that the group's other members take it at once.
 * Messages queued when the subscription closes are {@code nak}ed too.
 *
 * <p><b>Threading:</b> pullers run on the adapter's worker threads; the in-progress sweep on its
 * timer; settlements on whatever thread settles (never blocking: jnats publishes them).
 */
final class JetStreamNatsSubscription extends NatsSubscription {

    private static final Log logger = LogFactory.getLog(JetStreamNatsSubscription.class);

    private final boolean literal;

    private final String stream;

    private final NatsJetStreamBroker.StreamSettings streamSettings;

    /** Messages received and not yet settled, with the puller whose room they take. */
    private final Map<Message, JetStreamPuller> held = new ConcurrentHashMap<>();

    /**
     * Of {@link #held}: the messages a worker has started on (a handler, a retry backoff, MANUAL),
     * with the {@link System#nanoTime()} it started.
     */
    private final Map<Message, Long> started = new ConcurrentHashMap<>();

    private final ReadAheadPace pace;

    private final List<JetStreamPuller> pullers = new ArrayList<>(2);

    private final Object change = new Object();

    private volatile ScheduledFuture<?> sweep;

    JetStreamNatsSubscription(NatsResources resources, SubscriptionSpec spec, DeliveryHandler handler,
            NatsSubjects.Translation translation, boolean literal, JetStream jetStream, StreamContext stream,
            NatsJetStreamBroker.StreamSettings streamSettings) {
        super(resources, spec, handler, resources.settings().maxQueueSize());
        this.literal = literal;
        this.stream = streamSettings.streamName();
        this.streamSettings = streamSettings;
        this.pace = new ReadAheadPace(spec.concurrency(), resources.settings().maxQueueSize(), streamSettings.ackWait(),
                spec.grouped());
        int consumers = translation.subjects().size();
        IntSupplier share = () -> Math.max(1, pace.readAhead() / consumers);
        Duration check = streamSettings.consumerInactiveThreshold().dividedBy(2);
        for (String subject : translation.subjects()) {
            pullers.add(new JetStreamPuller(this, jetStream, stream, subject, share,
                    check.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : check));
        }
    }

    @Override
    void open() {
        try {
            for (JetStreamPuller puller : pullers) {
                puller.create();
            }
        }
        catch (java.io.IOException | JetStreamApiException ex) {
            pullers.forEach(JetStreamPuller::unsubscribe); // the loops never started
            throw new AmbException("Could not create the JetStream consumer(s) for '" + spec().patterns().get(0)
                    + "' in stream '" + stream + "': " + ex.getMessage(), ex);
        }
        long every = Math.max(100, streamSettings.ackWait().toMillis() / 3);
        sweep = resources.scheduleEvery(Duration.ofMillis(every), this::keepHeldAlive);
        for (JetStreamPuller puller : pullers) {
            resources.workers().execute(puller);
        }
    }

    /**
     * The consumer configuration for a subject.
     * @param subject the filter subject
     * @param startSequence the first stream sequence to deliver, 0 for the messages published from now
     * @return the configuration
     */
    ConsumerConfiguration configuration(String subject, long startSequence) {
        ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
            .filterSubject(subject)
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(streamSettings.ackWait())
            .maxDeliver(streamSettings.maxDeliver());
        if (startSequence > 0) {
            builder.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(startSequence);
        }
        else {
            builder.deliverPolicy(DeliverPolicy.New);
        }
        if (streamSettings.maxAckPending() > 0) {
            builder.maxAckPending(streamSettings.maxAckPending());
        }
        if (spec().grouped()) {
            return builder.durable(durableName(spec().groupKey().id(), subject))
                .description("AMB group '" + spec().group() + "' on '" + spec().patterns().get(0) + "'")
                .build();
        }
        return builder.inactiveThreshold(streamSettings.consumerInactiveThreshold())
            .description("AMB subscription '" + spec().id() + "'")
            .build();
    }

    /**
     * @param streamContext the stream
     * @param name the durable consumer's name
     * @return the group's durable consumer when it exists (another member created it again), or
     *         {@code null} for a broadcast subscription or a missing consumer
     */
    ConsumerContext existingDurable(StreamContext streamContext, String name) {
        if (!spec().grouped() || name == null) {
            return null;
        }
        try {
            return streamContext.getConsumerContext(name);
        }
        catch (java.io.IOException | JetStreamApiException | RuntimeException ex) {
            return null;
        }
    }

    /**
     * The durable consumer name of a group on a subject: readable, and unique per (group, subject).
     * @param group the AMB group
     * @param subject the consumer's filter subject
     * @return e.g. {@code amb_workers_3f2a9c41d07e}
     */
    static String durableName(String group, String subject) {
        String readable = group.replaceAll("[^A-Za-z0-9_-]", "_");
        if (readable.length() > 64) {
            readable = readable.substring(0, 64);
        }
        String hash = UUID.nameUUIDFromBytes((group + "\n" + subject).getBytes(StandardCharsets.UTF_8)).toString()
            .replace("-", "").substring(0, 12);
        return "amb_" + readable + "_" + hash;
    }

    /** Waits until paused, resumed or closed, at most {@code millis}. */
    void awaitChange(long millis) throws InterruptedException {
        synchronized (change) {
            change.wait(millis);
        }
    }

    private void signalChange() {
        synchronized (change) {
            change.notifyAll();
        }
    }

    /**
     * A message a puller received, holding one unit of its room until it is settled.
     * @param message the message
     * @param puller the puller that received it
     */
    void arrived(Message message, JetStreamPuller puller) {
        held.put(message, puller);
        String topic = NatsSubjects.topic(streamSettings.subjectPrefix(), message.getSubject());
        if (topic == null || (!literal && !Topics.isValidTopic(topic))) {
            logger.warn("Terminating JetStream message on subject '" + message.getSubject() + "' for '"
                    + spec().patterns().get(0) + "': it is not an AMB topic under the prefix '"
                    + streamSettings.subjectPrefix() + "'");
            settle(message, message::term, "term");
            return;
        }
        long delivered = message.metaData().deliveredCount() - resources.handBacks(handBackKey(message));
        Inbound inbound = new Inbound(message, topic, (int) Math.min(Integer.MAX_VALUE, Math.max(1, delivered)), false);
        if (!hand(inbound)) {
            abandon(inbound);
        }
    }

    /** Identifies a message of a consumer for the broker's hand-back count. */
    private static String handBackKey(Message message) {
        var meta = message.metaData();
        return meta.getStream() + "/" + meta.getConsumer() + "/" + meta.streamSequence();
    }

    @Override
    void starting(Inbound inbound) {
        started.put(inbound.message(), System.nanoTime());
    }

    /**
     * Tells the server that every message held here is still being worked on; while paused only
     * those a worker has started on (queued ones are being handed back).
     */
    private void keepHeldAlive() {
        if (isClosed()) {
            return;
        }
        for (Message message : isPaused() ? started.keySet() : held.keySet()) {
            try {
                message.inProgress();
            }
            catch (RuntimeException ex) {
                logger.debug("Could not signal progress on a JetStream message for " + this, ex);
            }
        }
    }

    @Override
    Delivery delivery(Inbound inbound, Envelope envelope) {
        return new JetStreamDelivery(inbound, envelope);
    }

    @Override
    void abandon(Inbound inbound) {
        Message message = inbound.message();
        resources.handedBack(handBackKey(message));
        settle(message, message::nak, "nak");
    }

    @Override
    boolean holdsWhilePaused() {
        return false;
    }

    @Override
    void pauseSource() {
        signalChange();
    }

    /**
     * @return the backlog of this subscription's consumers (JetStream {@code num_pending} plus
     *     {@code num_ack_pending}), asked on an adapter worker thread: the calls block
     */
    @Override
    public CompletableFuture<OptionalLong> lag() {
        try {
            return CompletableFuture.supplyAsync(() -> {
                long total = 0;
                for (JetStreamPuller puller : pullers) {
                    try {
                        total += puller.backlog();
                    }
                    catch (IOException | JetStreamApiException ex) {
                        throw new CompletionException(ex);
                    }
                }
                return OptionalLong.of(total);
            }, resources.workers());
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    @Override
    void resumeSource() {
        pullers.forEach(JetStreamPuller::recheck); // the server may have dropped an ephemeral consumer meanwhile
        signalChange();
    }

    @Override
    void closeSource() {
        ScheduledFuture<?> current = sweep;
        if (current != null) {
            current.cancel(false);
        }
        signalChange();
        if (!spec().grouped()) {
            for (JetStreamPuller puller : pullers) {
                String name = puller.consumerName();
                if (name != null) {
                    // asynchronous: closing never waits for the server; it removes a leftover after its threshold
                    resources.deleteConsumerAsync(stream, name);
                }
            }
        }
    }

    private void settle(Message message, Runnable action, String what) {
        Long startedAt = started.remove(message);
        if (startedAt != null) {
            pace.handled(System.nanoTime() - startedAt);
        }
        JetStreamPuller puller = held.remove(message);
        if (puller != null) {
            puller.settled();
        }
        settle(action, what);
    }

    /** A message settled for good (ack, term): its hand-backs need not be remembered. */
    private void done(Message message) {
        resources.forgetHandBacks(handBackKey(message));
    }

    private void settle(Runnable action, String what) {
        try {
            action.run();
        }
        catch (RuntimeException ex) {
            logger.warn("Could not " + what + " a JetStream message for '" + spec().patterns().get(0)
                    + "'; the server redelivers it after ack-wait", ex);
        }
    }

    /** A JetStream delivery: ack, nak with delay, term; the attempt comes from the message metadata. */
    private final class JetStreamDelivery implements Delivery {

        private final Inbound inbound;

        private final Envelope envelope;

        private final AtomicBoolean settled = new AtomicBoolean();

        JetStreamDelivery(Inbound inbound, Envelope envelope) {
            this.inbound = inbound;
            this.envelope = envelope;
        }

        @Override
        public Envelope envelope() {
            return envelope;
        }

        @Override
        public int deliveryAttempt() {
            return inbound.attempt();
        }

        @Override
        public void ack() {
            if (settled.compareAndSet(false, true)) {
                done(inbound.message());
                settle(inbound.message(), inbound.message()::ack, "ack");
            }
        }

        @Override
        public void nack(Duration delay) {
            if (settled.compareAndSet(false, true)) {
                Message message = inbound.message();
                settle(message, delay.isZero() || delay.isNegative() ? message::nak : () -> message.nakWithDelay(delay),
                        "nak");
            }
        }

        @Override
        public void reject() {
            if (settled.compareAndSet(false, true)) {
                done(inbound.message());
                settle(inbound.message(), inbound.message()::term, "term");
            }
        }
    }
}
