package dev.amb.observability;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;

/**
 * The context of an {@link AmbObservation#PUBLISH} observation. Its carrier is the outgoing
 * message: a tracer's propagator writes the trace context into it as headers (the per-hop context)
 * and, when the message does not carry one yet, as the CloudEvents {@code traceparent} /
 * {@code tracestate} extensions (the trace the message starts). A forwarded message (a dead
 * letter) keeps the extensions it had.
 *
 * @since 0.1.0
 */
public class AmbPublishContext extends SenderContext<AmbPublishContext.Outgoing> {

    private final String system;

    private final String operation;

    /**
     * @param envelope the message about to be sent
     * @param system the {@code messaging.system} value
     */
    public AmbPublishContext(Envelope envelope, String system) {
        super(Outgoing::set, Kind.PRODUCER);
        this.system = system;
        this.operation = operationOf(envelope);
        setCarrier(new Outgoing(envelope));
        setRemoteServiceName(system);
    }

    private static String operationOf(Envelope envelope) {
        if (envelope.headers().containsKey(AmbHeaders.DEAD_LETTER_REASON)) {
            return "dead_letter";
        }
        if (envelope.extension(AmbHeaders.EXT_RESPONDER) != null || envelope.extension(AmbHeaders.EXT_ERROR_TYPE) != null) {
            return "reply";
        }
        return "publish";
    }

    /** @return the message as it was handed to the bus (without the trace context) */
    public Envelope envelope() {
        return getCarrier().original;
    }

    /** @return the {@code messaging.system} value */
    public String system() {
        return system;
    }

    /**
     * @return {@code reply} (a reply or error reply), {@code dead_letter}, or {@code publish} (anything
     *     else, request messages included: their round trip is the parent {@code amb.request})
     */
    public String operation() {
        return operation;
    }

    /**
     * The outgoing message while the trace context is written into it.
     *
     * @since 0.1.0
     */
    public static final class Outgoing {

        private final Envelope original;

        private final Envelope.Builder builder;

        private boolean changed;

        Outgoing(Envelope original) {
            this.original = original;
            this.builder = original.toBuilder();
        }

        private void set(String key, String value) {
            changed = true;
            builder.header(key, value);
            if ((AmbHeaders.EXT_TRACEPARENT.equals(key) || AmbHeaders.EXT_TRACESTATE.equals(key))
                    && original.extension(AmbHeaders.EXT_TRACEPARENT) == null) {
                builder.extension(key, value);
            }
        }

        /** @return the message to send: the original, with the trace context when a tracer wrote one */
        Envelope envelope() {
            return changed ? builder.build() : original;
        }
    }
}
