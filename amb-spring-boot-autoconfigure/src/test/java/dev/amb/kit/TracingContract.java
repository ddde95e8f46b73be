package dev.amb.kit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.micrometer.tracing.test.simple.SimpleSpan;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.core.DefaultMessageBus;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace across agents on every broker: a request, the responder that handles it, what the
 * responder publishes downstream and the listener that receives it are one trace with the right
 * parent at each step, the W3C {@code traceparent} travels both as a header (the hop) and as the
 * CloudEvents distributed-tracing extension (the trace the message started), and the handler's
 * logging MDC names the message.
 */
public interface TracingContract extends KitContract {

    @Test
    default void requestResponderDownstreamPublishAndListenerAreOneTrace() throws Exception {
        TestTracing tracing = new TestTracing();
        String question = kit().topic("trace.question");
        String audit = kit().topic("trace.audit");
        DefaultMessageBus listener = kit().bus("traced-listener", builder -> builder.observer(tracing.observer()));
        DefaultMessageBus responder = kit().bus("traced-responder", builder -> builder.observer(tracing.observer()));
        DefaultMessageBus requester = kit().bus("traced-requester", builder -> builder.observer(tracing.observer()));
        CompletableFuture<Message<String>> heard = new CompletableFuture<>();
        CompletableFuture<List<String>> mdc = new CompletableFuture<>();
        listener.subscribe(audit, String.class, message -> {
            mdc.complete(Arrays.asList(MDC.get("amb.messageId"), MDC.get("amb.topic")));
            heard.complete(message);
        });
        CompletableFuture<Envelope> onTheWire = new CompletableFuture<>();
        BrokerSubscription raw = kit().broker().subscribe(SubscriptionSpec.of("raw-trace", audit, null, 1), delivery -> {
            onTheWire.complete(delivery.envelope());
            delivery.ack();
        });
        try {
            responder.respond(question, null, String.class, request -> {
                responder.publish(audit, "asked: " + request.data()).get(30, TimeUnit.SECONDS);
                return request.data().toUpperCase();
            });

            Message<String> reply = requester.request(question, "hello", String.class, Duration.ofSeconds(60))
                .get(60, TimeUnit.SECONDS);
            Message<String> downstream = heard.get(60, TimeUnit.SECONDS);

            assertThat(reply.data()).isEqualTo("HELLO");
            kit().await().until(() -> tracing.spansNamed("process " + audit).size() == 1
                    && tracing.spansNamed("request " + question).size() == 1
                    && tracing.spansNamed("reply amb.inbox").size() == 1
                    && tracing.spansNamed("publish " + audit).size() == 1);
            SimpleSpan request = only(tracing, "request " + question);
            SimpleSpan requestSent = only(tracing, "publish " + question);
            SimpleSpan handled = only(tracing, "process " + question);
            SimpleSpan published = only(tracing, "publish " + audit);
            SimpleSpan replied = only(tracing, "reply amb.inbox");
            SimpleSpan received = only(tracing, "process " + audit);
            String trace = request.getTraceId();
            assertThat(List.of(requestSent, handled, published, replied, received)).as(tracing.describe())
                .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(trace));
            assertThat(requestSent.getParentId()).as(tracing.describe()).isEqualTo(request.getSpanId());
            assertThat(handled.getParentId()).as(tracing.describe()).isEqualTo(requestSent.getSpanId());
            assertThat(published.getParentId()).as(tracing.describe()).isEqualTo(handled.getSpanId());
            assertThat(replied.getParentId()).as(tracing.describe()).isEqualTo(handled.getSpanId());
            assertThat(received.getParentId()).as(tracing.describe()).isEqualTo(published.getSpanId());

            Envelope wire = onTheWire.get(60, TimeUnit.SECONDS);
            assertThat(wire.headers().get(AmbHeaders.EXT_TRACEPARENT))
                .isEqualTo("00-" + TestTracing.w3cTraceId(trace) + "-" + published.getSpanId() + "-01");
            assertThat(wire.extension(AmbHeaders.EXT_TRACEPARENT)).isEqualTo(wire.headers().get(AmbHeaders.EXT_TRACEPARENT));
            assertThat(TestTracing.traceIdOf(downstream.headers())).isEqualTo(trace);
            assertThat(mdc.get(10, TimeUnit.SECONDS)).containsExactly(downstream.id(), audit);
        }
        finally {
            raw.close(Duration.ZERO);
        }
    }

    private static SimpleSpan only(TestTracing tracing, String name) {
        List<SimpleSpan> spans = tracing.spansNamed(name);
        assertThat(spans).as("spans named '%s' among%n%s", name, tracing.describe()).hasSize(1);
        return spans.get(0);
    }
}
