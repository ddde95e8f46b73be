package dev.amb.broker.nats;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.support.NatsRequestCompletableFuture;
import io.nats.client.support.Status;

import dev.amb.AmbException;
import dev.amb.NoRespondersException;
import dev.amb.spi.Envelope;

/**
 * NATS's native request/reply for {@link NatsBroker#request(Envelope, Duration)}: jnats publishes
 * the request with a reply subject in its own inbox and completes the future with the first
 * reply. The server answers a request to a subject without subscribers at once with a
 * "no responders" status, which becomes a {@link NoRespondersException}.
 *
 * <p>jnats reports a missing responder as a cancellation (or, with
 * {@code Options.reportNoResponders()}, as a 503 status exception) and a timeout as a
 * cancellation flagged as timed out (or a {@link TimeoutException}); both forms are recognised, so
 * the adapter works with a connection the application configured. jnats checks request deadlines
 * every {@code Options.requestCleanupInterval} (5 s by default), so a reply arriving shortly after
 * the timeout may still complete the future; the bus keeps its own exact timeout and counts such a
 * reply as late.
 *
 * <p><b>Threading:</b> the future completes on jnats' inbox dispatcher thread (or its cleanup
 * timer); callers must not block there.
 */
final class NatsRequests {

    private final NatsResources resources;

    NatsRequests(NatsResources resources) {
        this.resources = resources;
    }

    CompletableFuture<Envelope> request(Envelope request, Duration timeout) {
        String topic = request.topic();
        if (resources.isClosed()) {
            return CompletableFuture.failedFuture(resources.closedException(topic));
        }
        CompletableFuture<Message> reply;
        try {
            reply = resources.connection().requestWithTimeout(resources.message(topic, request), timeout);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(resources.publishFailure(topic, ex));
        }
        CompletableFuture<Envelope> result = new CompletableFuture<>();
        reply.whenComplete((message, ex) -> {
            if (ex == null && message.isStatusMessage()) {
                result.completeExceptionally(statusFailure(message.getStatus(), topic, timeout));
            }
            else if (ex == null) {
                result.complete(NatsHeaderCodec.decode(message, message.getSubject()));
            }
            else {
                result.completeExceptionally(failure(reply, ex, topic, timeout));
            }
        });
        result.whenComplete((envelope, ex) -> {
            if (result.isCancelled()) {
                reply.cancel(false); // the caller gave up: let jnats forget the request now
            }
        });
        return result;
    }

    private Throwable failure(CompletableFuture<Message> reply, Throwable ex, String topic, Duration timeout) {
        Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof TimeoutException) {
            return cause;
        }
        if (cause instanceof JetStreamStatusException status && status.getStatus().isNoResponders()) {
            return noResponders(topic, timeout);
        }
        if (cause instanceof CancellationException && reply instanceof NatsRequestCompletableFuture natsFuture) {
            if (natsFuture.wasCancelledTimedOut()) {
                return new TimeoutException("No reply to the request on '" + topic + "' within " + timeout);
            }
            if (natsFuture.wasCancelledClosing()) {
                return new AmbException("The NATS connection closed while a request on '" + topic
                        + "' waited for its reply", cause);
            }
            return noResponders(topic, timeout);
        }
        return new AmbException("Request on '" + topic + "' failed on NATS: " + cause.getMessage(), cause);
    }

    private Throwable statusFailure(Status status, String topic, Duration timeout) {
        if (status.isNoResponders()) {
            return noResponders(topic, timeout);
        }
        return new AmbException("Request on '" + topic + "' failed on NATS with status " + status.getMessageWithCode());
    }

    private NoRespondersException noResponders(String topic, Duration timeout) {
        return new NoRespondersException(topic, timeout, resources.brokerName());
    }
}
