package dev.amb.kit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;

import dev.amb.observability.BatchLinkingTracingObservationHandler;
import dev.amb.observability.ObservationBusObserver;

/**
 * A tracer for tests: micrometer-tracing's {@link SimpleTracer} behind an {@link ObservationRegistry}
 * wired as Spring Boot wires a real tracer (AMB's batch-linking handler, then the propagating
 * sender and receiver handlers, then the default one), with a W3C {@code traceparent} propagator.
 * SimpleTracer's ids are 16 hex characters; on the wire the trace id is padded to W3C's 32.
 * SimpleTracer gives a span built without a parent no ids at all (real tracers start a new trace),
 * so a test that publishes outside any span does it {@link #inSpan in a span}.
 */
public final class TestTracing {

    private final SimpleTracer tracer = new SimpleTracer();

    private final ObservationRegistry registry = ObservationRegistry.create();

    /** Creates the tracer and its registry. */
    public TestTracing() {
        Propagator propagator = new W3cPropagator(tracer);
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new BatchLinkingTracingObservationHandler(tracer),
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
    }

    /** @return the registry whose observations become spans of {@link #tracer()} */
    public ObservationRegistry registry() {
        return registry;
    }

    /** @return the tracer */
    public SimpleTracer tracer() {
        return tracer;
    }

    /** @return an observer for a bus, on this registry */
    public ObservationBusObserver observer() {
        return new ObservationBusObserver(registry);
    }

    /**
     * Runs an action inside an observation named {@code test}, as application code that publishes
     * within a traced operation would.
     * @param action the action
     * @throws Exception what the action threw
     */
    public void inSpan(Observation.CheckedRunnable<Exception> action) throws Exception {
        Observation.createNotStarted("test", registry).observeChecked(action);
    }

    /** @return the finished spans so far */
    public List<SimpleSpan> finishedSpans() {
        return tracer.getSpans().stream().filter(span -> span.getEndTimestamp().toEpochMilli() > 0).toList();
    }

    /**
     * @param name a span name
     * @return the finished spans with that name
     */
    public List<SimpleSpan> spansNamed(String name) {
        return finishedSpans().stream().filter(span -> name.equals(span.getName())).toList();
    }

    /** @return the finished spans by name, for failure messages */
    public String describe() {
        return finishedSpans().stream()
            .map(span -> span.getName() + "[trace=" + span.getTraceId() + ", span=" + span.getSpanId() + ", parent="
                    + span.getParentId() + "]")
            .collect(Collectors.joining("\n"));
    }

    /**
     * @param traceId a SimpleTracer trace id
     * @return the W3C trace id it travels as
     */
    public static String w3cTraceId(String traceId) {
        return "0".repeat(32 - traceId.length()) + traceId;
    }

    /**
     * @param tracer a SimpleTracer
     * @return a propagator that writes and reads W3C {@code traceparent} for its contexts
     */
    public static Propagator w3cPropagator(SimpleTracer tracer) {
        return new W3cPropagator(tracer);
    }

    /** Writes and reads W3C {@code traceparent} for SimpleTracer's contexts. */
    private static final class W3cPropagator implements Propagator {

        private final SimpleTracer tracer;

        W3cPropagator(SimpleTracer tracer) {
            this.tracer = tracer;
        }

        @Override
        public List<String> fields() {
            return List.of("traceparent");
        }

        @Override
        public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
            setter.set(carrier, "traceparent", "00-" + w3cTraceId(context.traceId()) + "-" + context.spanId() + "-01");
        }

        @Override
        public <C> Span.Builder extract(C carrier, Getter<C> getter) {
            String traceparent = getter.get(carrier, "traceparent");
            Span.Builder builder = tracer.spanBuilder();
            if (traceparent == null) {
                // SimpleTracer's builder gives a parentless span no ids: start a fresh trace instead
                SimpleSpan root = tracer.nextSpan();
                return builder.setParent(tracer.traceContextBuilder().traceId(root.context().traceId())
                    .spanId(root.context().spanId()).sampled(true).build());
            }
            String[] parts = traceparent.split("-");
            String traceId = parts[1].startsWith("0000000000000000") ? parts[1].substring(16) : parts[1];
            return builder.setParent(tracer.traceContextBuilder().traceId(traceId).spanId(parts[2])
                .sampled(parts[3].equals("01")).build());
        }
    }

    /**
     * @param headers a message's headers or extensions
     * @return its {@code traceparent}'s trace id, as SimpleTracer writes it
     */
    public static String traceIdOf(Map<String, String> headers) {
        String traceparent = Objects.requireNonNull(headers.get("traceparent"), "no traceparent in " + headers);
        String traceId = traceparent.split("-")[1];
        return traceId.startsWith("0000000000000000") ? traceId.substring(16) : traceId;
    }
}
