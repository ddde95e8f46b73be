package dev.amb.observability;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

/**
 * The context of an {@link AmbObservation#PROCESS} observation: one handler invocation. A
 * tracer's propagator reads the sender's trace context from the message's headers (the per-hop
 * context), or, when a producer set only the CloudEvents distributed-tracing extension, from the
 * {@code traceparent} / {@code tracestate} extensions.
 *
 * @since 0.1.0
 */
public class AmbProcessContext extends ReceiverContext<Envelope> {

    private final SubscriptionSpec subscription;

    private final int attempt;

    private final String system;

    /**
     * @param envelope the message handled
     * @param subscription the subscription handling it
     * @param attempt the attempt number the handler sees
     * @param system the {@code messaging.system} value
     */
    public AmbProcessContext(Envelope envelope, SubscriptionSpec subscription, int attempt, String system) {
        super(TraceHeaders::get, Kind.CONSUMER);
        this.subscription = subscription;
        this.attempt = attempt;
        this.system = system;
        setCarrier(envelope);
        setRemoteServiceName(system);
    }

    /** @return the message handled */
    public Envelope envelope() {
        return getCarrier();
    }

    /** @return the subscription handling it */
    public SubscriptionSpec subscription() {
        return subscription;
    }

    /** @return the attempt number the handler sees */
    public int attempt() {
        return attempt;
    }

    /** @return the {@code messaging.system} value */
    public String system() {
        return system;
    }
}
