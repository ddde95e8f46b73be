package dev.amb.broker.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.StreamContext;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;

import dev.amb.AmbException;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.PatternSet;
import dev.amb.topic.TopicPattern;

/**
 * The JetStream broker: durable, at-least-once delivery through one JetStream stream.
 *
 * <p><b>Stream:</b> AMB stores every topic {@code T} on the subject {@code <subject-prefix>.T}
 * ({@code amb.T} by default) in one stream ({@code AMB} by default) whose subjects capture the
 * prefix ({@code amb.>}). The prefix keeps AMB's messages apart from everything else in the
 * account: a stream capturing {@code >} would also capture request inboxes ({@code _INBOX.>}) and
 * the JetStream API. The stream is created at start-up when missing; when it exists its subjects
 * must cover the configured ones and its retention must match, or start-up fails naming both; a
 * stream whose settings lose or refuse messages fails naming them (see {@code JetStreamStreams}).
 *
 * <p><b>Consumers:</b> groups share a durable pull consumer; broadcast subscriptions get an
 * ephemeral one (see {@code JetStreamNatsSubscription}). {@code ack} acknowledges,
 * {@code nack(delay)} is {@code nakWithDelay}, {@code reject()} is {@code term} (the bus
 * dead-letters first: JetStream has no dead-letter queue of its own), and the delivery attempt is
 * the message's {@code delivered} count from its metadata, less the times this subscription
 * handed it back unhandled. A subscription pulls only what it can hold and keeps what it holds in
 * progress, so a slow handler does not see its messages redelivered.
 *
 * <p><b>Publishing</b> waits for the stream's acknowledgement: the future completes when the
 * message is stored, and fails when no stream captures the subject or no acknowledgement came
 * (jnats gives up after its {@code requestCleanupInterval}, 5 s by default; while reconnecting the
 * message waits in jnats' reconnect buffer meanwhile). Each message carries {@code Nats-Msg-Id} =
 * its id, so a publish repeated within the stream's duplicate window is stored once.
 *
 * <p><b>Reconnects:</b> jnats re-establishes the connection and its subscriptions; the adapter
 * then checks its consumers, creating again those the server dropped meanwhile, and pulls (see
 * {@code JetStreamReconnectListener}). Messages that were in
 * flight when the link broke are redelivered after {@code ackWait}; nothing acknowledged by the
 * stream is lost.
 *
 * <p><b>Request/reply</b> is the bus's own correlation over the stream (requests and replies are
 * ordinary durable messages); NATS's native request/reply is a core NATS feature, see
 * {@link NatsBroker}.
 *
 * <p><b>Threading:</b> thread safe; as {@link NatsBroker}. Publish futures complete on jnats'
 * inbox dispatcher thread: callbacks must not block.
 *
 * @since 0.1.0
 */
public final class NatsJetStreamBroker implements Broker {

    private final NatsResources resources;

    private final StreamSettings streamSettings;

    private final JetStream jetStream;

    private final StreamContext stream;

    private final BrokerCapabilities capabilities;

    private final JetStreamReconnectListener reconnectListener;

    /**
     * Creates a broker on a connection the application owns (and closes), creating or validating
     * the stream.
     * @param connection a connected jnats connection to a server with JetStream
     * @param settings queue and shutdown settings
     * @param streamSettings the stream and consumer settings
     * @throws AmbException when the stream cannot be created or does not fit the settings
     */
    public NatsJetStreamBroker(Connection connection, NatsBroker.Settings settings, StreamSettings streamSettings) {
        this(connection, false, settings, streamSettings);
    }

    private NatsJetStreamBroker(Connection connection, boolean ownsConnection, NatsBroker.Settings settings,
            StreamSettings streamSettings) {
        Objects.requireNonNull(connection, "connection");
        this.streamSettings = Objects.requireNonNull(streamSettings, "streamSettings");
        try {
            new JetStreamStreams(connection, streamSettings).ensureStream();
            this.jetStream = connection.jetStream();
            this.stream = connection.getStreamContext(streamSettings.streamName());
        }
        catch (IOException | JetStreamApiException ex) {
            throw new AmbException("Could not set up the JetStream stream '" + streamSettings.streamName()
                    + "' (is JetStream enabled on the server?): " + ex.getMessage(), ex);
        }
        this.resources = new NatsResources(connection, ownsConnection, Objects.requireNonNull(settings, "settings"),
                "nats-jetstream");
        this.capabilities = new BrokerCapabilities(true, true, true, true, false, false, resources.maxPayload());
        this.reconnectListener = new JetStreamReconnectListener(resources);
        connection.addConnectionListener(reconnectListener);
    }

    /**
     * Connects to NATS and creates a broker that closes the connection when it closes.
     * @param options the jnats connection options
     * @param settings queue and shutdown settings
     * @param streamSettings the stream and consumer settings
     * @return the broker
     * @throws IOException when the server cannot be reached
     * @throws InterruptedException when interrupted while connecting
     */
    public static NatsJetStreamBroker connect(Options options, NatsBroker.Settings settings,
            StreamSettings streamSettings) throws IOException, InterruptedException {
        Connection connection = Nats.connect(options);
        try {
            return new NatsJetStreamBroker(connection, true, settings, streamSettings);
        }
        catch (RuntimeException ex) {
            connection.close();
            throw ex;
        }
    }

    @Override
    public String name() {
        return "nats-jetstream";
    }

    @Override
    public BrokerCapabilities capabilities() {
        return capabilities;
    }

    /** @return the connection this broker uses */
    public Connection connection() {
        return resources.connection();
    }

    /** @return the queue, shutdown and content-mode settings */
    public NatsBroker.Settings settings() {
        return resources.settings();
    }

    /** @return the stream and consumer settings */
    public StreamSettings streamSettings() {
        return streamSettings;
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        String topic = envelope.topic();
        if (resources.isClosed()) {
            return CompletableFuture.failedFuture(resources.closedException(topic));
        }
        String subject = NatsSubjects.subject(streamSettings.subjectPrefix(), topic);
        try {
            return jetStream.publishAsync(resources.streamMessage(subject, envelope)).handle((ack, ex) -> {
                    if (ex != null) {
                        throw new CompletionException(publishFailure(topic, subject, ex));
                    }
                    return null;
                });
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(resources.publishFailure(topic, ex));
        }
    }

    private AmbException publishFailure(String topic, String subject, Throwable ex) {
        Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        String message = String.valueOf(cause.getMessage());
        if (message.contains("503")) {
            return new AmbException("No JetStream stream stores '" + topic + "' (subject '" + subject
                    + "'): the stream '" + streamSettings.streamName() + "' must capture it (amb.nats.stream-subjects)",
                    cause);
        }
        return new AmbException("JetStream did not confirm the message to '" + topic + "' (subject '" + subject
                + "', connection " + resources.connection().getStatus() + "): " + message, cause);
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler");
        return PatternSet.subscribeEach(spec, handler, this::subscribeOne);
    }

    private BrokerSubscription subscribeOne(SubscriptionSpec spec, DeliveryHandler handler) {
        TopicPattern pattern = TopicPattern.of(spec.patterns().get(0));
        NatsBroker.requireValidGroup(spec);
        resources.requireOpen(pattern.value());
        JetStreamNatsSubscription subscription = new JetStreamNatsSubscription(resources, spec, handler,
                NatsSubjects.translate(pattern, streamSettings.subjectPrefix()), pattern.isLiteral(), jetStream, stream,
                streamSettings);
        try {
            subscription.open();
        }
        catch (RuntimeException ex) {
            subscription.close(Duration.ZERO);
            throw ex;
        }
        resources.register(subscription);
        return subscription;
    }

    /** @return {@code true} once {@link #close()} was called */
    public boolean isClosed() {
        return resources.isClosed();
    }

    /** @return the connection's status when it is not {@code CONNECTED} (reconnecting, closed...) */
    @Override
    public String connectionProblem() {
        return resources.connectionProblem();
    }

    @Override
    public void close() {
        if (!resources.isClosed()) {
            resources.connection().removeConnectionListener(reconnectListener);
        }
        resources.close();
    }

    /**
     * The JetStream stream AMB stores messages in and how its consumers behave.
     *
     * @param streamName the stream's name
     * @param streamSubjects the subjects the stream captures; empty for {@code <subjectPrefix>.>}
     * @param retention the stream's retention policy (limits, interest or work queue)
     * @param storage file or memory storage
     * @param maxMessages the most messages the stream keeps, -1 for no limit
     * @param maxAge how long the stream keeps a message, zero for no limit
     * @param replicas the stream's replicas (1 on a single server)
     * @param subjectPrefix the prefix of every AMB subject; {@code ""} maps topics to subjects as
     *        they are (the stream subjects must then capture every topic used)
     * @param ackWait how long the server waits for an acknowledgement before redelivering
     * @param maxDeliver the most deliveries of one message to a consumer, -1 for no limit
     * @param maxAckPending the most unacknowledged messages per consumer, -1 for the server default
     * @param consumerInactiveThreshold how long the server keeps an ephemeral consumer (a broadcast
     *        subscription, a request inbox) nobody pulls from; the adapter creates it again when the
     *        server dropped it
     */
    public record StreamSettings(String streamName, List<String> streamSubjects, RetentionPolicy retention,
            StorageType storage, long maxMessages, Duration maxAge, int replicas, String subjectPrefix,
            Duration ackWait, long maxDeliver, long maxAckPending, Duration consumerInactiveThreshold) {

        /** The default {@code consumerInactiveThreshold}: 5 minutes. */
        public static final Duration DEFAULT_INACTIVE_THRESHOLD = Duration.ofMinutes(5);

        /**
         * Settings with the default consumer inactive threshold.
         * @param streamName the stream name
         * @param streamSubjects the stream subjects, or empty
         * @param retention the retention policy
         * @param storage the storage type
         * @param maxMessages -1 or positive
         * @param maxAge zero or positive
         * @param replicas 1 or more
         * @param subjectPrefix the subject prefix
         * @param ackWait positive
         * @param maxDeliver -1 or positive
         * @param maxAckPending -1 or positive
         */
        public StreamSettings(String streamName, List<String> streamSubjects, RetentionPolicy retention,
                StorageType storage, long maxMessages, Duration maxAge, int replicas, String subjectPrefix,
                Duration ackWait, long maxDeliver, long maxAckPending) {
            this(streamName, streamSubjects, retention, storage, maxMessages, maxAge, replicas, subjectPrefix, ackWait,
                    maxDeliver, maxAckPending, DEFAULT_INACTIVE_THRESHOLD);
        }

        /**
         * Validates the settings and fills in the default subjects.
         * @param streamName a non-blank stream name
         * @param streamSubjects the stream subjects, or empty
         * @param retention the retention policy
         * @param storage the storage type
         * @param maxMessages -1 or positive
         * @param maxAge zero or positive
         * @param replicas 1 or more
         * @param subjectPrefix a subject prefix without wildcards, or {@code ""}
         * @param ackWait positive
         * @param maxDeliver -1 or positive
         * @param maxAckPending -1 or positive
         * @param consumerInactiveThreshold 1 second or more
         */
        public StreamSettings {
            if (streamName == null || streamName.isBlank() || streamName.matches(".*[\\s.*>/\\\\].*")) {
                throw new IllegalArgumentException("amb.nats.stream-name must be a non-blank name without whitespace, "
                        + "'.', '*', '>', '/' or '\\', was '" + streamName + "'");
            }
            Objects.requireNonNull(subjectPrefix, "subjectPrefix");
            if (!subjectPrefix.isEmpty() && !subjectPrefix.matches("[^\\s.*>]+(\\.[^\\s.*>]+)*")) {
                throw new IllegalArgumentException("amb.nats.subject-prefix must be dot-separated tokens without "
                        + "wildcards, was '" + subjectPrefix + "'");
            }
            streamSubjects = streamSubjects == null || streamSubjects.isEmpty()
                    ? (subjectPrefix.isEmpty() ? List.of() : List.of(subjectPrefix + ".>")) : List.copyOf(streamSubjects);
            if (streamSubjects.isEmpty()) {
                throw new IllegalArgumentException("amb.nats.stream-subjects must be set when amb.nats.subject-prefix "
                        + "is empty: the stream must capture the topics AMB publishes");
            }
            String prefixSubject = subjectPrefix + ".>";
            if (!subjectPrefix.isEmpty() && streamSubjects.stream().noneMatch(s -> NatsSubjects.covers(s, prefixSubject))) {
                throw new IllegalArgumentException("amb.nats.stream-subjects " + streamSubjects + " must capture '"
                        + prefixSubject + "' (amb.nats.subject-prefix=" + subjectPrefix
                        + "), or AMB's messages would not be stored");
            }
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(ackWait, "ackWait");
            if (ackWait.isZero() || ackWait.isNegative()) {
                throw new IllegalArgumentException("amb.nats.ack-wait must be positive, was " + ackWait);
            }
            if (maxDeliver == 0 || maxDeliver < -1) {
                throw new IllegalArgumentException("amb.nats.max-deliver must be -1 or positive, was " + maxDeliver);
            }
            Objects.requireNonNull(consumerInactiveThreshold, "consumerInactiveThreshold");
            if (consumerInactiveThreshold.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("amb.nats.consumer-inactive-threshold must be 1 s or more, was "
                        + consumerInactiveThreshold);
            }
            if (replicas < 1) {
                throw new IllegalArgumentException("amb.nats.stream-replicas must be 1 or more, was " + replicas);
            }
        }

        /**
         * @return stream {@code AMB} on {@code amb.>}, limits retention, file storage, messages kept
         *         7 days, 1 replica, prefix {@code amb}, ack wait 30 s, unlimited deliveries
         */
        public static StreamSettings defaults() {
            return new StreamSettings("AMB", List.of(), RetentionPolicy.Limits, StorageType.File, -1,
                    Duration.ofDays(7), 1, "amb", Duration.ofSeconds(30), -1, -1);
        }

        /**
         * @param streamName the stream name
         * @param subjectPrefix the subject prefix; the stream subjects become {@code <prefix>.>}
         * @return a copy using that stream and prefix
         */
        public StreamSettings withStream(String streamName, String subjectPrefix) {
            return new StreamSettings(streamName, List.of(), retention, storage, maxMessages, maxAge, replicas,
                    subjectPrefix, ackWait, maxDeliver, maxAckPending, consumerInactiveThreshold);
        }

        /**
         * @param maxAge how long the stream keeps messages
         * @return a copy with that age limit
         */
        public StreamSettings withMaxAge(Duration maxAge) {
            return new StreamSettings(streamName, streamSubjects, retention, storage, maxMessages, maxAge, replicas,
                    subjectPrefix, ackWait, maxDeliver, maxAckPending, consumerInactiveThreshold);
        }

        /**
         * @param threshold how long the server keeps an ephemeral consumer nobody pulls from
         * @return a copy with that threshold
         */
        public StreamSettings withConsumerInactiveThreshold(Duration threshold) {
            return new StreamSettings(streamName, streamSubjects, retention, storage, maxMessages, maxAge, replicas,
                    subjectPrefix, ackWait, maxDeliver, maxAckPending, threshold);
        }

        /**
         * @param ackWait the acknowledgement wait
         * @param maxDeliver the most deliveries, -1 for no limit
         * @return a copy with those consumer settings
         */
        public StreamSettings withDelivery(Duration ackWait, long maxDeliver) {
            return new StreamSettings(streamName, streamSubjects, retention, storage, maxMessages, maxAge, replicas,
                    subjectPrefix, ackWait, maxDeliver, maxAckPending, consumerInactiveThreshold);
        }
    }
}
