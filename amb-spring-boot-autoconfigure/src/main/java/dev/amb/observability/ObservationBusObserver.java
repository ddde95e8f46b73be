package dev.amb.observability;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.amb.spi.BusObserver;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

/**
 * Observes the bus with Micrometer's Observation API (see {@link AmbObservation}): a producer
 * observation around every send, whose propagating tracing handler writes the W3C trace context
 * into the message; a consumer observation around every handler invocation (each retry too),
 * continuing the sender's trace and in scope while the handler runs, so that what the handler
 * publishes and replies are its children; one around each batch handler call; and one around each
 * requester's round trip, in scope while the request is sent. Around every single-message handler
 * invocation the SLF4J MDC holds {@code amb.messageId} and {@code amb.topic}.
 *
 * <p>On {@link ObservationRegistry#NOOP} (or a registry without handlers) nothing is observed:
 * no context or observation is created, messages are sent as they are, and only the MDC entries
 * remain. Thread safe and immutable.
 *
 * @since 0.1.0
 */
public final class ObservationBusObserver implements BusObserver {

    private final ObservationRegistry registry;

    private final Custom conventions;

    private final String system;

    /**
     * Observes with the default conventions.
     * @param registry the registry (the application's, or {@link ObservationRegistry#NOOP})
     */
    public ObservationBusObserver(ObservationRegistry registry) {
        this(registry, null, null, null, null);
    }

    /**
     * Observes with the given conventions; a {@code null} one means the default.
     * @param registry the registry
     * @param publish replaces {@link DefaultAmbPublishObservationConvention}
     * @param process replaces {@link DefaultAmbProcessObservationConvention}
     * @param batch replaces {@link DefaultAmbBatchObservationConvention}
     * @param request replaces {@link DefaultAmbRequestObservationConvention}
     */
    public ObservationBusObserver(ObservationRegistry registry, AmbPublishObservationConvention publish,
            AmbProcessObservationConvention process, AmbBatchObservationConvention batch,
            AmbRequestObservationConvention request) {
        this(registry, new Custom(publish, process, batch, request), "unknown");
    }

    private ObservationBusObserver(ObservationRegistry registry, Custom conventions, String system) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.conventions = conventions;
        this.system = system;
    }

    @Override
    public BusObserver forBroker(String brokerName) {
        return new ObservationBusObserver(registry, conventions, Conventions.system(brokerName));
    }

    @Override
    public <R> CompletableFuture<R> send(Envelope envelope, Function<Envelope, CompletableFuture<R>> send) {
        if (registry.isNoop()) {
            return send.apply(envelope);
        }
        AmbPublishContext context = new AmbPublishContext(envelope, system);
        Observation observation = AmbObservation.PUBLISH.observation(conventions.publish(),
                DefaultAmbPublishObservationConvention.INSTANCE, () -> context, registry);
        Observation failedProcessing = registry.getCurrentObservation() == null ? FailedProcessing.parentOf(envelope)
                : null;
        if (failedProcessing != null) {
            observation.parentObservation(failedProcessing); // a dead letter: child of the last failed attempt
        }
        return observeUntilDone(observation, () -> send.apply(context.getCarrier().envelope()), sent -> {
        });
    }

    @Override
    public void process(Envelope envelope, SubscriptionSpec subscription, int attempt, Invocation invocation)
            throws Exception {
        Runnable restoreMdc = HandlerMdc.put(envelope);
        try {
            if (registry.isNoop()) {
                invocation.run();
                return;
            }
            AmbProcessContext context = new AmbProcessContext(envelope, subscription, attempt, system);
            Observation observation = AmbObservation.PROCESS.observation(conventions.process(),
                    DefaultAmbProcessObservationConvention.INSTANCE, () -> context, registry);
            FailedProcessing.starting();
            try {
                observation.observeChecked(invocation::run);
            }
            catch (Exception | Error ex) {
                FailedProcessing.failed(envelope.id(), observation); // its dead letter, if any, becomes a child
                throw ex;
            }
        }
        finally {
            restoreMdc.run();
        }
    }

    @Override
    public void processBatch(List<Envelope> envelopes, SubscriptionSpec subscription, int attempt,
            Invocation invocation) throws Exception {
        if (registry.isNoop()) {
            invocation.run();
            return;
        }
        AmbBatchContext context = new AmbBatchContext(envelopes, subscription, attempt, system);
        AmbObservation.PROCESS_BATCH.observation(conventions.batch(), DefaultAmbBatchObservationConvention.INSTANCE,
                () -> context, registry).observeChecked(invocation::run);
    }

    @Override
    public <F> CompletableFuture<F> request(String correlationId, List<String> topics, String kind,
            Supplier<CompletableFuture<F>> send) {
        if (registry.isNoop()) {
            return send.get();
        }
        AmbRequestContext context = new AmbRequestContext(correlationId, topics, kind, system);
        return observeUntilDone(AmbObservation.REQUEST.observation(conventions.request(),
                DefaultAmbRequestObservationConvention.INSTANCE, () -> context, registry), send,
                outcome -> context.replies(outcome instanceof List<?> replies ? replies.size() : outcome != null ? 1 : 0));
    }

    /**
     * Starts the observation, runs {@code action} in its scope (its sends become children) and
     * stops it when the returned future completes (after {@code onSuccess} saw its value), or at
     * once when {@code action} throws. The caller gets the action's own future, not a dependent
     * one, so that cancelling it still reaches the bus (a request ends, a native request stops
     * waiting at the broker).
     */
    private static <T> CompletableFuture<T> observeUntilDone(Observation observation,
            Supplier<CompletableFuture<T>> action, Consumer<T> onSuccess) {
        observation.start();
        CompletableFuture<T> result;
        try {
            result = observation.scoped(action);
        }
        catch (RuntimeException | Error ex) {
            observation.error(ex);
            observation.stop();
            throw ex;
        }
        result.whenComplete((ok, error) -> {
            if (error == null) {
                onSuccess.accept(ok);
            }
            else {
                observation.error(error instanceof CompletionException && error.getCause() != null ? error.getCause()
                        : error);
            }
            observation.stop();
        });
        return result;
    }

    /** The conventions the application replaced ({@code null}: the default). */
    private record Custom(AmbPublishObservationConvention publish, AmbProcessObservationConvention process,
            AmbBatchObservationConvention batch, AmbRequestObservationConvention request) {
    }
}
