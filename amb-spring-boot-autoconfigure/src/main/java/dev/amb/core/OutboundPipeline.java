package dev.amb.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import dev.amb.AmbException;
import dev.amb.CircuitOpenException;
import dev.amb.MessageRejectedException;
import dev.amb.NoRespondersException;
import dev.amb.spi.Breaker;
import dev.amb.spi.Broker;
import dev.amb.spi.BusObserver;
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.Envelope;
import dev.amb.spi.OutboundKind;

/**
 * The outbound half of the pipeline: validate and serialize (through {@link EnvelopeFactory} and
 * {@link PayloadCodec}), then the outbound interceptors ({@link InterceptorChain}: policy, rate
 * limits, signing; a rejection fails the future with the interceptor's exception), then the
 * per-topic circuit breaker, then {@link Broker#publish}, bounded
 * by the publish timeout so that a broker that never answers becomes a failure the breaker counts.
 * While a topic's breaker is open, publishing to it fails at once with
 * {@link CircuitOpenException}. A queue-full refusal ({@link MessageRejectedException}) is
 * backpressure, not a broker failure, and does not count against the breaker.
 *
 * <p>Publishes the broker has not confirmed yet wait in one queue, swept by the bus timer every
 * tenth of the timeout (between 10 ms and 1 s): confirmed ones are dropped from it, overdue ones
 * fail. That costs one queue insertion per unconfirmed publish, where a timer task per publish
 * would cost a heap insertion and leave every cancelled task queued until its deadline.
 *
 * <p><b>Threading:</b> validation and serialization run on the caller's thread; the returned future
 * completes on a broker thread (or the JDK's delay thread on timeout).
 */
final class OutboundPipeline {

    private final Broker broker;

    private final PayloadCodec codec;

    private final EnvelopeFactory envelopes;

    private final CircuitBreakerProvider breakers;

    private final Duration publishTimeout;

    private final BusCounters counters;

    private final BooleanSupplier closed;

    private final InterceptorChain interceptors;
    private final BusObserver observer;

    private final Queue<Unconfirmed> unconfirmed = new ConcurrentLinkedQueue<>();

    OutboundPipeline(Broker broker, PayloadCodec codec, EnvelopeFactory envelopes, CircuitBreakerProvider breakers,
            Duration publishTimeout, BusCounters counters, BooleanSupplier closed, ScheduledExecutorService timer,
            InterceptorChain interceptors, BusObserver observer) {
        this.interceptors = interceptors;
        this.broker = broker;
        this.codec = codec;
        this.envelopes = envelopes;
        this.breakers = breakers;
        this.publishTimeout = publishTimeout;
        this.counters = counters;
        this.closed = closed;
        this.observer = observer;
        long tick = Math.max(10, Math.min(1000, publishTimeout.toMillis() / 10));
        timer.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Validates, serializes and publishes; invalid input throws on the calling thread. */
    CompletableFuture<Void> publish(String topic, Object data, Map<String, String> headers,
            Map<String, String> extensions, OutboundKind kind) {
        if (closed.getAsBoolean()) {
            return closedFailure(topic);
        }
        return publish(envelopes.create(topic, codec.encode(data), headers, extensions), kind);
    }

    /**
     * Publishes a ready envelope (dead letters, republished messages) through the interceptors and
     * the breaker; the {@link BusObserver} sees the send and may add trace context to the envelope.
     */
    CompletableFuture<Void> publish(Envelope built, OutboundKind kind) {
        if (closed.getAsBoolean()) {
            return closedFailure(built.topic());
        }
        Envelope envelope;
        try {
            envelope = interceptors.beforeSend(built, kind);
        }
        catch (AmbException ex) {
            counters.publishFailures.increment();
            return CompletableFuture.failedFuture(ex);
        }
        return observer.send(envelope, this::publishObserved);
    }

    private CompletableFuture<Void> publishObserved(Envelope envelope) {
        MessageRejectedException tooLarge = PayloadLimit.check(broker, envelope);
        if (tooLarge != null) {
            counters.publishFailures.increment();
            return CompletableFuture.failedFuture(tooLarge);
        }
        Breaker breaker = breakers != null ? breakers.publishBreaker(envelope.topic()) : null;
        if (breaker != null && !breaker.tryAcquirePermission()) {
            counters.publishFailures.increment();
            return CompletableFuture.failedFuture(new CircuitOpenException(breaker.name(), "Publishing to '"
                    + envelope.topic() + "' refused at once: circuit breaker '" + breaker.name()
                    + "' is open after repeated broker failures; it lets a trial publish through after its recovery "
                    + "timeout", null));
        }
        long start = System.nanoTime();
        CompletableFuture<Void> sent;
        try {
            sent = broker.publish(envelope);
        }
        catch (RuntimeException ex) {
            sent = CompletableFuture.failedFuture(ex);
        }
        // the outcome is recorded on a future only the pipeline completes; the caller gets a copy, so
        // cancelling or timing out the caller's future cannot skip the breaker's record
        CompletableFuture<Void> result = new CompletableFuture<>();
        String topic = envelope.topic();
        sent.whenComplete((ok, error) -> finish(result, breaker, start, topic, error));
        if (!result.isDone()) {
            unconfirmed.add(new Unconfirmed(result, breaker, start, topic));
        }
        return result.copy();
    }

    /**
     * Sends a request through the broker's native request/reply, through the same breaker and
     * counters as a publish. The native send has no separate confirmation (core NATS sends at
     * once): it counts as published when the broker took it, that is when the reply future did not
     * fail at once, or failed only because nobody answered ({@link NoRespondersException}, a
     * timeout); any other immediate failure is a publish failure. Waiting for the reply is bounded
     * by the request timeout, so the publish timeout has nothing left to bound.
     */
    CompletableFuture<Envelope> request(Envelope built, Duration timeout) {
        if (closed.getAsBoolean()) {
            return closedFailure(built.topic()).thenApply(ignored -> null);
        }
        Envelope envelope;
        try {
            envelope = interceptors.beforeSend(built, OutboundKind.REQUEST);
        }
        catch (AmbException ex) {
            counters.publishFailures.increment();
            return CompletableFuture.failedFuture(ex);
        }
        return observer.send(envelope, observed -> requestObserved(observed, timeout));
    }

    private CompletableFuture<Envelope> requestObserved(Envelope envelope, Duration timeout) {
        Breaker breaker = breakers != null ? breakers.publishBreaker(envelope.topic()) : null;
        if (breaker != null && !breaker.tryAcquirePermission()) {
            counters.publishFailures.increment();
            return CompletableFuture.failedFuture(new CircuitOpenException(breaker.name(), "Request to '"
                    + envelope.topic() + "' refused at once: circuit breaker '" + breaker.name()
                    + "' is open after repeated broker failures; it lets a trial publish through after its recovery "
                    + "timeout", null));
        }
        long start = System.nanoTime();
        CompletableFuture<Envelope> reply;
        try {
            reply = broker.request(envelope, timeout);
        }
        catch (RuntimeException ex) {
            reply = CompletableFuture.failedFuture(ex);
        }
        Throwable sendFailure = null;
        if (reply.isCompletedExceptionally()) {
            Throwable cause = ReplySender.unwrap(reply.handle((ok, ex) -> ex).join());
            if (!(cause instanceof NoRespondersException || cause instanceof TimeoutException)) {
                sendFailure = cause;
            }
        }
        // records the send's outcome once (breaker, counters); the reply future is the caller's
        finish(new CompletableFuture<>(), breaker, start, envelope.topic(), sendFailure);
        return reply;
    }

    /** Completes a publish once, from the broker's answer or the timeout, and records its outcome. */
    private void finish(CompletableFuture<Void> result, Breaker breaker, long start, String topic, Throwable error) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (error == null) {
            if (result.complete(null)) {
                if (breaker != null) {
                    breaker.onSuccess(elapsed);
                }
                counters.published.increment();
            }
            return;
        }
        Throwable cause = describe(ReplySender.unwrap(error), topic);
        if (result.completeExceptionally(cause)) {
            if (breaker != null) {
                if (cause instanceof MessageRejectedException) {
                    breaker.onSuccess(elapsed);
                }
                else {
                    breaker.onError(elapsed, cause);
                }
            }
            counters.publishFailures.increment();
        }
    }

    /** Runs on the bus timer: forgets confirmed publishes and fails overdue ones. */
    private void sweep() {
        long now = System.nanoTime();
        long timeout = publishTimeout.toNanos();
        for (Iterator<Unconfirmed> it = unconfirmed.iterator(); it.hasNext();) {
            Unconfirmed publish = it.next();
            if (publish.result().isDone()) {
                it.remove();
            }
            else if (now - publish.start() >= timeout) {
                it.remove();
                finish(publish.result(), publish.breaker(), publish.start(), publish.topic(), new TimeoutException());
            }
        }
    }

    /** A publish the broker has not confirmed yet. */
    private record Unconfirmed(CompletableFuture<Void> result, Breaker breaker, long start, String topic) {
    }

    private Throwable describe(Throwable cause, String topic) {
        if (cause instanceof TimeoutException) {
            return new AmbException("The " + broker.name() + " broker did not confirm the publish to '" + topic
                    + "' within " + publishTimeout + " (amb.publish-timeout)", cause);
        }
        if (cause instanceof AmbException) {
            return cause;
        }
        return new AmbException("The " + broker.name() + " broker failed to publish to '" + topic + "': "
                + cause.getMessage(), cause);
    }

    private static CompletableFuture<Void> closedFailure(String topic) {
        return CompletableFuture.failedFuture(new AmbException("The message bus is closed; cannot publish to '" + topic
                + "'"));
    }
}
