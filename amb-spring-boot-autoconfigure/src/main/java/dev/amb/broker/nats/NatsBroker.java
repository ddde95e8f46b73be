package dev.amb.broker.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import dev.amb.AmbException;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

/**
 * The core NATS broker: at-most-once publish/subscribe on subjects, queue groups for AMB groups,
 * and NATS's own request/reply.
 *
 * <p><b>Mapping:</b> a topic is its subject; patterns translate as {@code NatsSubjects} says
 * ({@code *} is {@code *}, a trailing {@code #} is {@code >} plus the bare prefix, any other
 * {@code #} subscribes more broadly and the bus filters). Messages follow the CloudEvents NATS
 * binding in binary content mode ({@code ce-} headers, the payload unchanged) or, when
 * {@link Settings#contentMode()} says so, in structured content mode (one JSON document); both are
 * read whatever is written, see {@code docs/wire-format.md}.
 *
 * <p><b>Guarantees:</b> at-most-once, like NATS: a message reaches the subscriptions that exist
 * when the server routes it. Order is kept per publisher and subscription with concurrency 1.
 * {@code nack(delay)} redelivers from the adapter's timer to the same subscription with the attempt
 * count raised; {@code ack} and {@code reject} do nothing on the wire.
 *
 * <p><b>Publishing</b> never waits for the network: the future completes when jnats has the
 * message in its outgoing buffer. While the connection is reconnecting jnats keeps messages in its
 * reconnect buffer ({@code Options.reconnectBufferSize}, 8 MiB by default) and sends them once it
 * is back; when that buffer is full, or the connection is closed, the future fails at once.
 *
 * <p><b>Request/reply</b> ({@link #request(Envelope, Duration)}) uses jnats' request: a reply inbox
 * and the server's no-responders status, so a request nobody listens to fails at once with
 * {@link dev.amb.NoRespondersException}.
 *
 * <p><b>Threading:</b> thread safe. Each subscription has a jnats dispatcher thread of its own that
 * only hands messages over, and runs handlers on a shared pool of daemon worker threads
 * ({@code amb-nats[subscription-id]} while they work), see {@code NatsSubscription}.
 *
 * @since 0.1.0
 */
public final class NatsBroker implements Broker {

    private final NatsResources resources;

    private final NatsRequests requests;

    private final BrokerCapabilities capabilities;

    /**
     * Creates a broker on a connection the application owns (and closes).
     * @param connection a connected jnats connection with headers and no-responders support
     * @param settings queue and shutdown settings
     */
    public NatsBroker(Connection connection, Settings settings) {
        this(connection, false, settings);
    }

    private NatsBroker(Connection connection, boolean ownsConnection, Settings settings) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(settings, "settings");
        this.resources = new NatsResources(connection, ownsConnection, settings, "nats");
        this.requests = new NatsRequests(resources);
        this.capabilities = new BrokerCapabilities(false, true, true, false, false, true, resources.maxPayload());
    }

    /**
     * Connects to NATS and creates a broker that closes the connection when it closes.
     * @param options the jnats connection options
     * @param settings queue and shutdown settings
     * @return the broker
     * @throws IOException when the server cannot be reached
     * @throws InterruptedException when interrupted while connecting
     */
    public static NatsBroker connect(Options options, Settings settings) throws IOException, InterruptedException {
        return new NatsBroker(Nats.connect(options), true, settings);
    }

    @Override
    public String name() {
        return "nats";
    }

    /** @return the queue, shutdown and content-mode settings */
    public Settings settings() {
        return resources.settings();
    }

    @Override
    public BrokerCapabilities capabilities() {
        return capabilities;
    }

    /** @return the connection this broker uses */
    public Connection connection() {
        return resources.connection();
    }

    /** @return how many accepted messages were discarded because their subscription closed first */
    public long discardedCount() {
        return resources.discardedCount();
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        return resources.publishCore(envelope.topic(), envelope);
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler");
        requireValidGroup(spec);
        resources.requireOpen(String.join(", ", spec.patterns()));
        CoreNatsSubscription subscription = new CoreNatsSubscription(resources, spec, handler);
        try {
            subscription.open();
        }
        catch (RuntimeException ex) {
            subscription.close(Duration.ZERO);
            throw ex instanceof AmbException ? ex
                    : new AmbException("Could not subscribe to " + spec.patterns() + " on NATS: " + ex.getMessage(), ex);
        }
        resources.register(subscription);
        return subscription;
    }

    @Override
    public CompletableFuture<Envelope> request(Envelope request, Duration timeout) {
        return requests.request(request, timeout);
    }

    /** @return {@code true} for subjects under the connection's inbox prefix ({@code _INBOX.} by default) */
    @Override
    public boolean isNativeReplyAddress(String topic) {
        return topic.startsWith(resources.inboxPrefix());
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
        resources.close();
    }

    static void requireValidGroup(SubscriptionSpec spec) {
        if (spec.grouped() && (spec.group().isEmpty() || spec.group().chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("Invalid group '" + spec.group() + "' for " + spec.patterns()
                    + "': NATS queue group and consumer names must be non-empty and free of whitespace");
        }
    }

    /**
     * Settings shared by the core and JetStream brokers.
     *
     * @param maxQueueSize how many received messages each subscription buffers for its workers
     *        (JetStream holds at most the subscription's concurrency x 4 of them, pulled as they are handled)
     * @param shutdownGrace how long closing waits for running handlers
     * @param contentMode how messages are written (both modes are always read)
     */
    public record Settings(int maxQueueSize, Duration shutdownGrace, NatsContentMode contentMode) {

        /**
         * Validates the settings.
         * @param maxQueueSize 1 or more
         * @param shutdownGrace zero or positive
         * @param contentMode not {@code null}
         */
        public Settings {
            if (maxQueueSize < 1) {
                throw new IllegalArgumentException("amb.nats.max-queue-size must be 1 or more, was " + maxQueueSize);
            }
            Objects.requireNonNull(shutdownGrace, "shutdownGrace");
            if (shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("shutdown grace must not be negative, was " + shutdownGrace);
            }
            Objects.requireNonNull(contentMode, "contentMode");
        }

        /**
         * Settings that write binary content mode.
         * @param maxQueueSize 1 or more
         * @param shutdownGrace zero or positive
         */
        public Settings(int maxQueueSize, Duration shutdownGrace) {
            this(maxQueueSize, shutdownGrace, NatsContentMode.BINARY);
        }

        /** @return 1,000 messages per subscription, 10 s shutdown grace, binary content mode */
        public static Settings defaults() {
            return new Settings(1000, Duration.ofSeconds(10), NatsContentMode.BINARY);
        }

        /**
         * @param maxQueueSize the new queue size
         * @return a copy with the queue size changed
         */
        public Settings withMaxQueueSize(int maxQueueSize) {
            return new Settings(maxQueueSize, shutdownGrace, contentMode);
        }

        /**
         * @param shutdownGrace the new grace period
         * @return a copy with the grace period changed
         */
        public Settings withShutdownGrace(Duration shutdownGrace) {
            return new Settings(maxQueueSize, shutdownGrace, contentMode);
        }

        /**
         * @param contentMode the new content mode
         * @return a copy with the content mode changed
         */
        public Settings withContentMode(NatsContentMode contentMode) {
            return new Settings(maxQueueSize, shutdownGrace, contentMode);
        }
    }
}
