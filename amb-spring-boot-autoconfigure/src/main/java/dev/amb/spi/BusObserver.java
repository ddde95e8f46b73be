package dev.amb.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the bus calls around its sends, handler invocations and requests, so that observations
 * and trace propagation live outside the pipeline ({@code dev.amb.observability} implements it
 * with Micrometer's Observation API). Every method has a pass-through default; {@link #NONE}
 * observes nothing.
 *
 * <p>Implementations must be thread safe: the bus calls them on publishing threads, broker
 * delivery threads, batch runners and the bus timer. They must call the given action exactly once
 * and return (or throw) what it returned (or threw), apart from the changes to the envelope that
 * {@link #send} allows.
 *
 * @since 0.1.0
 */
public interface BusObserver {

    /** Observes nothing. */
    BusObserver NONE = new BusObserver() {
    };

    /**
     * Called once when a bus is built on a broker.
     * @param brokerName the broker's {@link Broker#name()}
     * @return the observer for that bus (by default this one)
     */
    default BusObserver forBroker(String brokerName) {
        return this;
    }

    /**
     * Wraps one send (a publish, a request message, a reply, a dead letter). The observer may hand
     * {@code send} a copy of the envelope with trace context added to its headers and extensions.
     * Runs on the publishing thread; the returned future completes on a broker thread.
     * @param envelope the envelope about to be sent
     * @param send sends an envelope; a request through the broker's native request/reply
     *     completes with the reply
     * @param <R> what the send completes with
     * @return what {@code send} returned
     */
    default <R> CompletableFuture<R> send(Envelope envelope, Function<Envelope, CompletableFuture<R>> send) {
        return send.apply(envelope);
    }

    /**
     * Wraps one handler invocation of a single-message subscription (each retry is one more call),
     * on the delivery thread that runs the handler.
     * @param envelope the message being handled
     * @param subscription the subscription handling it
     * @param attempt the attempt number the handler sees (1 on the first delivery)
     * @param invocation the handler call
     * @throws Exception what the handler threw
     */
    default void process(Envelope envelope, SubscriptionSpec subscription, int attempt, Invocation invocation)
            throws Exception {
        invocation.run();
    }

    /**
     * Wraps one handler invocation of a batch subscription, on the subscription's batch runner.
     * @param envelopes the messages of the batch, in order
     * @param subscription the subscription handling them
     * @param attempt the attempt number
     * @param invocation the handler call
     * @throws Exception what the handler threw
     */
    default void processBatch(List<Envelope> envelopes, SubscriptionSpec subscription, int attempt,
            Invocation invocation) throws Exception {
        invocation.run();
    }

    /**
     * Wraps a requester's round trip: {@code send} publishes the request (to one topic, or to
     * several for first-wins) on the calling thread and returns the future of its outcome, which
     * completes when the reply (the replies of a scatter-gather) arrived, or the request failed or
     * timed out.
     * @param correlationId the request's correlation id
     * @param topics the topics the request goes to
     * @param kind {@code request}, {@code scatter} or {@code first}
     * @param send sends the request
     * @param <F> what the request completes with
     * @return what {@code send} returned
     */
    default <F> CompletableFuture<F> request(String correlationId, List<String> topics, String kind,
            Supplier<CompletableFuture<F>> send) {
        return send.get();
    }

    /**
     * A handler call.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Invocation {

        /**
         * Calls the handler.
         * @throws Exception what the handler threw
         */
        void run() throws Exception;
    }
}
