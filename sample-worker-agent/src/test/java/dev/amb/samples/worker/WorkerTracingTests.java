package dev.amb.samples.worker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.Subscription;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker as {@link WorkerAgentApplication#main} starts it (not through {@code @SpringBootTest},
 * which turns tracing off in tests): it traces what it publishes, sampling every trace, and exports
 * nothing while no OTLP endpoint is set, so a local run needs no tracing backend.
 */
class WorkerTracingTests {

    @Test
    void tracesWhatItPublishesAndExportsNothingWithoutAnEndpoint() {
        try (ConfigurableApplicationContext context = WorkerAgentApplication.application()
            .run("--agent-system.name=worker-tracing", "--worker.id=worker-tr", "--worker.heartbeat-interval=200ms")) {
            Tracer tracer = context.getBean(Tracer.class);
            List<Message<AgentStatus>> statuses = new CopyOnWriteArrayList<>();
            List<Optional<TraceContext>> spans = new CopyOnWriteArrayList<>();
            Subscription subscription = context.getBean(MessageBus.class)
                .subscribe("worker-tracing.agents.*.status", AgentStatus.class, status -> {
                    spans.add(Optional.ofNullable(tracer.currentSpan()).map(Span::context));
                    statuses.add(status);
                });

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !statuses.isEmpty());
            subscription.close();

            assertThat(tracer).isNotSameAs(Tracer.NOOP);
            // the heartbeat carries its publish span in W3C form, sampled (-01: the probability is 1.0),
            // and the handler runs in a process span of the same trace
            String traceparent = statuses.get(0).headers().get(AmbHeaders.EXT_TRACEPARENT);
            assertThat(traceparent).as("headers %s", statuses.get(0).headers()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            assertThat(spans.get(0)).as("span of the handler").hasValueSatisfying(span -> {
                assertThat(span.sampled()).isTrue();
                assertThat(span.traceId()).isEqualTo(traceparent.split("-")[1]);
            });
            assertThat(context.getBeansOfType(SpanExporter.class)).as("no OTLP endpoint is set, so no exporter").isEmpty();
        }
    }
}
