package dev.amb.benchmarks;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.observability.BatchLinkingTracingObservationHandler;
import dev.amb.observability.ObservationBusObserver;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * AMB's own cost per message without a broker (issue 18 item 2): a 98-character string (100 B of
 * JSON; {@link #payloadBytes} 10240 for 10 KB) published through {@link DefaultMessageBus} on the
 * in-memory broker to one typed handler, end to end. One invocation publishes {@value #BATCH} messages and waits until the handler has
 * seen all of them, so the score is nanoseconds per message through the whole pipeline
 * (serialization, CloudEvents envelope, the memory broker's queue, the hand-off to the subscription's
 * worker, deserialization, the handler) and {@code -prof gc} gives the bytes allocated per message.
 *
 * <p>{@link #observation} {@code off} runs the bus without an observer (what an application without
 * an {@code ObservationRegistry} gets); {@code on} runs it with an {@link ObservationBusObserver} on a
 * registry wired as Spring Boot wires one with micrometer-tracing's OpenTelemetry bridge and a meter
 * registry: AMB's batch-linking handler, the propagating sender and receiver handlers and the default
 * tracing handler on an OpenTelemetry SDK tracer that samples every span and hands it to a
 * {@link BatchSpanProcessor} (whose exporter drops the spans, so no network is measured), plus
 * Micrometer's {@link DefaultMeterObservationHandler} on a {@link SimpleMeterRegistry}. The difference
 * between the two is the cost of tracing and observation metrics per message: a publish span with
 * its {@code traceparent} written into the message, and a process span continuing it.
 *
 * <pre>
 * java -jar benchmarks/target/amb-benchmarks.jar MemoryPipelineBenchmark -prof gc
 * java -jar benchmarks/target/amb-benchmarks.jar MemoryPipelineBenchmark -p observation=on -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemoryPipelineBenchmark {

    /** Messages per invocation. */
    static final int BATCH = 1_000;

    /** The payload's size as JSON: a string of this many characters less two (the quotes). */
    @Param({ "100", "10240" })
    public int payloadBytes;

    private String payload;

    /** {@code off}: no observer; {@code on}: an observer with a real tracer and meter handler. */
    @Param({ "off", "on" })
    public String observation;

    private final AtomicLong handled = new AtomicLong();

    private SdkTracerProvider tracerProvider;

    private MemoryBroker broker;

    private DefaultMessageBus bus;

    private long published;

    /** Starts the bus and its subscription. */
    @Setup(Level.Trial)
    public void start() {
        payload = "x".repeat(payloadBytes - 2);
        broker = new MemoryBroker();
        DefaultMessageBus.Builder builder = DefaultMessageBus.builder(broker).serializer(new JsonMessageSerializer());
        if ("on".equals(observation)) {
            builder.observer(new ObservationBusObserver(tracedRegistry()));
        }
        bus = builder.build();
        bus.subscribe(SubscriptionOptions.pattern("bench.pipeline"), String.class, message -> handled.incrementAndGet());
    }

    /** Closes the bus and the broker. */
    @TearDown(Level.Trial)
    public void stop() {
        bus.close();
        broker.close();
        if (tracerProvider != null) {
            tracerProvider.close();
        }
    }

    /** An observation registry as Spring Boot builds it with the OpenTelemetry bridge and metrics. */
    private ObservationRegistry tracedRegistry() {
        tracerProvider = SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
            .build();
        OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();
        Tracer tracer = new OtelTracer(tracerProvider.get("amb-benchmark"), currentTraceContext, event -> {
        });
        Propagator propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
                tracerProvider.get("amb-benchmark"));
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig()
            .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                    new BatchLinkingTracingObservationHandler(tracer),
                    new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                    new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                    new DefaultTracingObservationHandler(tracer)))
            .observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        return registry;
    }

    /** An exporter that accepts every span and sends it nowhere. */
    private static final class DroppingExporter implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Publishes {@value #BATCH} messages and waits until they were all handled. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishToHandler() {
        for (int i = 0; i < BATCH; i++) {
            bus.publish("bench.pipeline", payload);
        }
        published += BATCH;
        while (handled.get() < published) {
            LockSupport.parkNanos(1_000);
        }
    }
}
