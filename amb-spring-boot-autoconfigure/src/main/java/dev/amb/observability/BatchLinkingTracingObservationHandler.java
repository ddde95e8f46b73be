package dev.amb.observability;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;

/**
 * Makes the span of a batch handler call ({@link AmbBatchContext}) link to the trace each of its
 * messages started, as the OpenTelemetry messaging conventions ask of batch processing. Span links
 * can only be given when a span is created, and the Observation API has no way to pass them, so
 * this handler (micrometer-tracing API only, no particular tracer) creates the batch span itself:
 * a consumer span, child of the current span if there is one, with a link per message that carries
 * a W3C {@code traceparent} (its CloudEvents extension, else its header). Register it before the
 * default tracing handler (Spring Boot does, through AMB's auto-configuration, when a
 * {@link Tracer} bean exists).
 *
 * @since 0.1.0
 */
public class BatchLinkingTracingObservationHandler implements TracingObservationHandler<AmbBatchContext> {

    private final Tracer tracer;

    /**
     * @param tracer the application's tracer
     */
    public BatchLinkingTracingObservationHandler(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public void onStart(AmbBatchContext context) {
        Span parent = getParentSpan(context);
        Span.Builder builder = tracer.spanBuilder().kind(Span.Kind.CONSUMER);
        builder = parent != null ? builder.setParent(parent.context()) : builder.setNoParent();
        for (Envelope envelope : context.envelopes()) {
            TraceContext created = parse(envelope);
            if (created != null) {
                builder = builder.addLink(new Link(created));
            }
        }
        getTracingContext(context).setSpan(builder.start());
    }

    @Override
    public void onStop(AmbBatchContext context) {
        Span span = getRequiredSpan(context);
        tagSpan(context, span);
        span.name(getSpanName(context));
        endSpan(context, span);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof AmbBatchContext;
    }

    @Override
    public Tracer getTracer() {
        return tracer;
    }

    /** @return the context a message's W3C {@code traceparent} names, or {@code null} without a valid one */
    private TraceContext parse(Envelope envelope) {
        String traceparent = envelope.extension(AmbHeaders.EXT_TRACEPARENT);
        if (traceparent == null) {
            traceparent = envelope.headers().get(AmbHeaders.EXT_TRACEPARENT);
        }
        W3cTraceparent parsed = W3cTraceparent.parse(traceparent);
        if (parsed == null) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(parsed.traceId()).spanId(parsed.spanId())
            .sampled(parsed.sampled()).build();
    }
}
