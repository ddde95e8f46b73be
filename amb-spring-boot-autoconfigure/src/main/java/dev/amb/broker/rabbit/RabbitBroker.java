package dev.amb.broker.rabbit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import dev.amb.AmbException;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.AdapterThreads;
import dev.amb.topic.TopicPattern;

/**
 * The RabbitMQ broker (AMQP 0-9-1, on amqp-client): a durable topic exchange, a durable queue per
 * work queue, an exclusive queue per broadcast subscription, TTL delay tiers for
 * {@code nack(delay)}, and publisher confirms. The topology and its names are described in
 * {@link RabbitTopology}, the wire format in {@link RabbitHeaderCodec} and
 * {@code docs/wire-format.md}.
 *
 * <p><b>Guarantees:</b> at-least-once for grouped subscriptions: a publish completes when
 * RabbitMQ confirmed it (and the group queues bound for it have it), a message is acknowledged only
 * after the bus settled it, and a message held by a member that crashed, paused or lost its
 * connection goes back to the queue. Broadcast subscriptions get the messages published while
 * they exist (their queue goes with the connection; after a reconnect it is declared and bound
 * again, and what was published in between is not delivered). Order is kept per queue with one
 * consumer and concurrency 1. Patterns are matched by RabbitMQ exactly as AMB defines them.
 *
 * <p><b>Connections:</b> two connections with amqp-client's automatic recovery (channels,
 * consumers, queues and bindings come back after a network failure): one publishes, one consumes
 * and declares, so flow control on publishing never holds up acknowledgements. The broker owns and
 * closes both.
 *
 * <p><b>Threading:</b> thread safe. {@link #publish(Envelope)} writes to the socket and returns;
 * its future completes on the publishing connection's I/O thread. Handlers run on a pool of daemon
 * workers ({@code amb-rabbit[subscription-id]} while they work), see {@link RabbitSubscription}.
 *
 * @since 0.3.0
 */
public final class RabbitBroker implements Broker {

    private final RabbitSettings settings;

    private final Connection publishConnection;

    private final Connection consumeConnection;

    private final RabbitPublisher publisher;

    private final RabbitTopology topology;

    private final RabbitRequests requests;

    private final ExecutorService workers = AdapterThreads.workers("amb-rabbit-worker-");

    private final ScheduledExecutorService timer = AdapterThreads.timer("amb-rabbit-timer");

    private final Set<RabbitSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean closed = new AtomicBoolean();

    private final BrokerCapabilities capabilities = new BrokerCapabilities(true, true, true, true, true, true, -1);

    private RabbitBroker(Connection publishConnection, Connection consumeConnection, RabbitSettings settings)
            throws IOException {
        this.settings = settings;
        this.publishConnection = publishConnection;
        this.consumeConnection = consumeConnection;
        this.publisher = new RabbitPublisher(publishConnection);
        this.topology = new RabbitTopology(consumeConnection, settings);
        topology.declareExchange();
        this.requests = new RabbitRequests(this);
    }

    /**
     * Connects to RabbitMQ and declares the exchange. The factory is copied and the copy gets
     * automatic connection and topology recovery; the caller's factory is not changed.
     * @param factory the connection settings (host, port, virtual host, credentials, TLS)
     * @param settings the topology and consumption settings
     * @return the broker, which closes its connections when it closes
     * @throws AmbException when RabbitMQ cannot be reached or refuses the exchange; the message
     *         names the host, port and virtual host, never the password
     */
    public static RabbitBroker connect(ConnectionFactory factory, RabbitSettings settings) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(settings, "settings");
        ConnectionFactory recovering = factory.clone();
        recovering.setAutomaticRecoveryEnabled(true);
        recovering.setTopologyRecoveryEnabled(true);
        recovering.setNetworkRecoveryInterval(1000L);
        String where = "amqp" + (factory.isSSL() ? "s" : "") + "://" + factory.getHost() + ":" + factory.getPort()
                + "/" + factory.getVirtualHost();
        Connection publishing = null;
        Connection consuming = null;
        try {
            publishing = recovering.newConnection("amb-publish");
            consuming = recovering.newConnection("amb-consume");
            return new RabbitBroker(publishing, consuming, settings);
        }
        catch (IOException | TimeoutException | RuntimeException ex) {
            closeQuietly(publishing);
            closeQuietly(consuming);
            if (ex instanceof AmbException amb) {
                throw amb;
            }
            throw new AmbException("Could not connect to RabbitMQ at " + where + ": " + describe(ex), ex);
        }
    }

    private static String describe(Exception ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? " " + cause.getMessage() : "");
    }

    @Override
    public String name() {
        return "rabbit";
    }

    @Override
    public BrokerCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        return publish(envelope, false);
    }

    CompletableFuture<Void> publish(Envelope envelope, boolean mandatory) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException(envelope.topic()));
        }
        AMQP.BasicProperties properties;
        try {
            properties = RabbitHeaderCodec.encode(envelope, 1, publisher.frameMax());
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(new AmbException("Could not publish to '" + envelope.topic()
                    + "' on RabbitMQ: " + ex.getMessage(), ex));
        }
        return publisher.publish(settings.exchange(), envelope.topic(), mandatory, properties, envelope.data());
    }

    /** Publishes the next attempt of a message to a delay tier (or the queue itself for no delay). */
    CompletableFuture<Void> redeliver(String queue, Envelope envelope, int attempt, Duration delay) {
        AMQP.BasicProperties properties = RabbitHeaderCodec.encode(envelope, attempt, publisher.frameMax());
        if (delay.isZero() || delay.isNegative()) {
            return publisher.publish("", queue, true, properties, envelope.data());
        }
        long tier = RabbitTopology.delayTier(delay);
        topology.ensureDelayTier(tier);
        return publisher.publish(topology.delayName(tier), queue, true, properties, envelope.data());
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler");
        if (closed.get()) {
            throw new IllegalStateException("The RabbitMQ broker is closed; cannot subscribe to " + spec.patterns());
        }
        spec.patterns().forEach(TopicPattern::of);
        RabbitSubscription subscription = new RabbitSubscription(this, spec, handler);
        subscriptions.add(subscription);
        try {
            subscription.open();
        }
        catch (RuntimeException ex) {
            subscription.close(Duration.ZERO);
            throw ex;
        }
        return subscription;
    }

    @Override
    public CompletableFuture<Envelope> request(Envelope request, Duration timeout) {
        return requests.request(request, timeout);
    }

    RabbitSettings settings() {
        return settings;
    }

    RabbitTopology topology() {
        return topology;
    }

    Connection consumeConnection() {
        return consumeConnection;
    }

    Connection publishConnection() {
        return publishConnection;
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void unregister(RabbitSubscription subscription) {
        subscriptions.remove(subscription);
    }

    AmbException closedException(String topic) {
        return new AmbException("The RabbitMQ broker is closed; cannot publish to '" + topic + "'");
    }

    boolean isClosed() {
        return closed.get();
    }

    /** @return the names of the queues this broker's subscriptions consume from (for operators and tests) */
    public List<String> queues() {
        return subscriptions.stream().map(RabbitSubscription::queue).toList();
    }

    /** @return which of the two connections is closed, and why, or {@code null} while both are open */
    @Override
    public String connectionProblem() {
        if (!publishConnection.isOpen()) {
            return "the RabbitMQ publishing connection is closed: " + publishConnection.getCloseReason();
        }
        if (!consumeConnection.isOpen()) {
            return "the RabbitMQ consuming connection is closed: " + consumeConnection.getCloseReason();
        }
        return closed.get() ? "the RabbitMQ broker is closed" : null;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        List<Runnable> closing = new ArrayList<>();
        for (RabbitSubscription subscription : List.copyOf(subscriptions)) {
            closing.add(() -> subscription.close(AdapterThreads.remaining(deadline)));
        }
        if (!closing.isEmpty()) {
            AdapterThreads.inParallel("amb-rabbit-close-", closing);
        }
        requests.close();
        publisher.close();
        topology.close();
        closeQuietly(publishConnection);
        closeQuietly(consumeConnection);
        AdapterThreads.stop(timer, workers, AdapterThreads.remaining(deadline));
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close(5000);
            }
            catch (IOException | RuntimeException ex) {
                // already closed
            }
        }
    }
}
