package dev.amb.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A broker adapter: moves {@link Envelope}s between agents and nothing more.
 *
 * <p>An adapter connects, maps AMB topics, patterns and groups onto its broker's concepts, moves
 * envelopes, offers ack / nack with delay / reject on each {@link Delivery}, and reports its
 * {@link BrokerCapabilities}. It never serializes payloads, never retries handlers and knows
 * nothing of annotations: those belong to the bus.
 *
 * <p><b>Threading:</b> all methods are thread safe. {@link #publish(Envelope)} must not block on
 * the network; its future completes on an adapter thread. Deliveries are handed to the
 * {@link DeliveryHandler} on adapter-owned threads (see there).
 *
 * <p><b>Closing:</b> {@link #close()} closes every subscription (giving running deliveries a grace
 * period) and releases connections and threads the adapter created (but not a connection the
 * application gave it). Afterwards {@code publish} returns a failed future and {@code subscribe}
 * throws {@link IllegalStateException}. Idempotent.
 *
 * @since 0.1.0
 */
public interface Broker extends AutoCloseable {

    /** @return a short name for logs and metrics, e.g. {@code memory}, {@code redis} */
    String name();

    /** @return what this broker does natively */
    BrokerCapabilities capabilities();

    /**
     * Publishes an envelope to its topic.
     * @param envelope the envelope
     * @return a future completing when the broker accepted it, or failing with an
     *         {@link dev.amb.AmbException} naming what went wrong
     */
    CompletableFuture<Void> publish(Envelope envelope);

    /**
     * Starts a subscription. Messages published after this method returns are delivered.
     * @param spec what to subscribe to
     * @param handler receives the deliveries
     * @return the running subscription
     */
    BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler);

    /**
     * Sends a request through the broker's own request/reply mechanism (for example NATS inboxes)
     * and completes with the first reply. The bus calls it only when
     * {@link BrokerCapabilities#nativeRequestReply()} is {@code true}, and only for single
     * requests; scatter-gather and first-wins always use the bus's own correlation.
     *
     * <p>The adapter sets the request's reply address itself. The future fails with
     * {@link java.util.concurrent.TimeoutException} when no reply came within {@code timeout},
     * and with {@link dev.amb.NoRespondersException} when the broker knows that nobody listens.
     * @param request the request envelope (its correlation id is set)
     * @param timeout how long to wait for the reply
     * @return the reply envelope
     */
    default CompletableFuture<Envelope> request(Envelope request, Duration timeout) {
        return CompletableFuture.failedFuture(new IllegalStateException("The " + name()
                + " broker has no native request/reply; the bus correlates replies itself"));
    }

    /**
     * Tells whether a request's reply address is one this broker's native request/reply made (for
     * example a NATS inbox subject a plain client's request carries). Responders answer only on
     * the bus's own inbox topics ({@code amb.inbox.*}) and on such addresses: any other
     * {@code replyto} taken from the wire is refused, so a forged one cannot make an agent publish
     * to an arbitrary topic.
     * @param topic a request's reply address
     * @return {@code true} when it is one of this broker's native reply addresses
     */
    default boolean isNativeReplyAddress(String topic) {
        return false;
    }

    /**
     * Whether the connection to the broker is usable now, for health checks. Cheap and
     * non-blocking: it reports the client's own view, it does not ping the broker.
     * @return why the connection is not usable, or {@code null} when it is (or the adapter
     *     cannot tell)
     * @since 0.3.0
     */
    default String connectionProblem() {
        return null;
    }

    /** Closes the adapter; idempotent, never throws. */
    @Override
    void close();
}
