package dev.amb.broker.rabbit;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.NoRespondersException;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

/**
 * Request/reply for {@link RabbitBroker#request(Envelope, Duration)}: the request is published
 * {@code mandatory} with the broker's own inbox topic ({@code amb.inbox.rabbit.<uuid>}, an
 * exclusive queue bound on first use) as its {@code replyto}, and the reply is matched by its
 * correlation id. A request that no queue is bound for comes back from RabbitMQ as unroutable
 * ({@code basic.return}) and fails at once with {@link NoRespondersException}, as on NATS.
 *
 * <p>A request stays registered for {@value #LATE_REPLY_WINDOW_SECONDS} s after its timeout, so a
 * reply that arrives a little late still reaches the bus, which counts it as late; then its future
 * fails with a {@link TimeoutException}.
 *
 * <p><b>Threading:</b> futures complete on the inbox subscription's worker, the publishing
 * connection's thread (no responders) or the broker's timer; callers must not block there.
 */
final class RabbitRequests {

    static final long LATE_REPLY_WINDOW_SECONDS = 10;

    private final RabbitBroker broker;

    private final String inboxTopic = "amb.inbox.rabbit." + UUID.randomUUID();

    private final Map<String, CompletableFuture<Envelope>> pending = new ConcurrentHashMap<>();

    private BrokerSubscription inbox;

    RabbitRequests(RabbitBroker broker) {
        this.broker = broker;
    }

    CompletableFuture<Envelope> request(Envelope request, Duration timeout) {
        String topic = request.topic();
        if (broker.isClosed()) {
            return CompletableFuture.failedFuture(broker.closedException(topic));
        }
        try {
            ensureInbox();
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        String correlationId = request.correlationId() != null ? request.correlationId() : UUID.randomUUID().toString();
        CompletableFuture<Envelope> result = new CompletableFuture<>();
        pending.put(correlationId, result);
        result.whenComplete((reply, ex) -> pending.remove(correlationId, result));
        try {
            ScheduledFuture<?> expiry = broker.timer().schedule(() -> result.completeExceptionally(new TimeoutException(
                    "No reply to the request on '" + topic + "' within " + timeout)),
                    timeout.toMillis() + TimeUnit.SECONDS.toMillis(LATE_REPLY_WINDOW_SECONDS), TimeUnit.MILLISECONDS);
            result.whenComplete((reply, ex) -> expiry.cancel(false));
        }
        catch (RejectedExecutionException ex) {
            result.completeExceptionally(broker.closedException(topic));
            return result;
        }
        Envelope sent = request.toBuilder().extension(AmbHeaders.EXT_CORRELATION_ID, correlationId)
            .extension(AmbHeaders.EXT_REPLY_TO, inboxTopic).build();
        broker.publish(sent, true).whenComplete((ok, ex) -> {
            if (ex != null) {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                result.completeExceptionally(cause instanceof RabbitPublisher.Unroutable
                        ? new NoRespondersException(topic, timeout, broker.name())
                        : cause);
            }
        });
        return result;
    }

    private synchronized void ensureInbox() {
        if (inbox == null) {
            inbox = broker.subscribe(SubscriptionSpec.of("amb-rabbit-requests", inboxTopic, null, 2), this::onReply);
        }
    }

    private void onReply(Delivery delivery) {
        delivery.ack();
        String correlationId = delivery.envelope().correlationId();
        CompletableFuture<Envelope> future = correlationId != null ? pending.get(correlationId) : null;
        if (future != null) {
            future.complete(delivery.envelope());
        }
    }

    void close() {
        AmbException closed = new AmbException("The RabbitMQ broker closed while a request waited for its reply");
        pending.values().forEach(future -> future.completeExceptionally(closed));
    }
}
