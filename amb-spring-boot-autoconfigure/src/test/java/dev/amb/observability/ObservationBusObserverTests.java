package dev.amb.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.test.simple.SimpleSpan;

import dev.amb.AckMode;
import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.RequestTimeoutException;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitContext;
import dev.amb.kit.KitSupport;
import dev.amb.kit.TestTracing;
import dev.amb.resilience.Resilience4jRetryPolicy;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.BusObserver;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservationBusObserverTests {

    private final MemoryBroker broker = new MemoryBroker();

    private final TestTracing tracing = new TestTracing();

    private final List<DefaultMessageBus> buses = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        buses.forEach(DefaultMessageBus::close);
        broker.close();
    }

    private DefaultMessageBus bus(String agentId, BusObserver observer) {
        DefaultMessageBus bus = DefaultMessageBus.builder(broker)
            .agentId(agentId)
            .serializer(new JsonMessageSerializer())
            .retryPolicy(new Resilience4jRetryPolicy(KitContext.RETRIES))
            .observer(observer)
            .build();
        buses.add(bus);
        return bus;
    }

    @Test
    void publishAndProcessFollowTheMessagingConventions() throws Exception {
        TestObservationRegistry registry = TestObservationRegistry.create();
        DefaultMessageBus bus = bus("conventions", new ObservationBusObserver(registry));
        CompletableFuture<Message<String>> received = new CompletableFuture<>();
        bus.subscribe(SubscriptionOptions.pattern("orders.*").group("billing").id("billing-orders"), String.class,
                received::complete);

        bus.publish("orders.created", "o-1").get(10, TimeUnit.SECONDS);
        Message<String> message = received.get(10, TimeUnit.SECONDS);

        KitSupport.waitAtMost(Duration.ofSeconds(10)).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
            .hasObservationWithNameEqualTo("amb.publish").that()
            .hasContextualNameEqualTo("publish orders.created")
            .hasLowCardinalityKeyValue("messaging.system", "memory")
            .hasLowCardinalityKeyValue("messaging.operation.type", "send")
            .hasLowCardinalityKeyValue("messaging.operation.name", "publish")
            .hasLowCardinalityKeyValue("messaging.destination.name", "orders.created")
            .hasLowCardinalityKeyValue("error.type", "none")
            .hasHighCardinalityKeyValue("messaging.message.id", message.id())
            .hasBeenStopped());
        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("amb.process").that()
            .hasContextualNameEqualTo("process orders.*")
            .hasLowCardinalityKeyValue("messaging.operation.type", "process")
            .hasLowCardinalityKeyValue("messaging.destination.name", "orders.*")
            .hasLowCardinalityKeyValue("messaging.consumer.group.name", "billing")
            .hasLowCardinalityKeyValue("amb.subscription.id", "billing-orders")
            .hasHighCardinalityKeyValue("messaging.destination.name", "orders.created")
            .hasHighCardinalityKeyValue("messaging.message.id", message.id())
            .hasHighCardinalityKeyValue("amb.delivery.attempt", "1")
            .hasBeenStopped();
    }

    @Test
    void everyRetryIsItsOwnProcessSpanWithItsErrorAndTheSendersParent() throws Exception {
        DefaultMessageBus bus = bus("retrying", tracing.observer());
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Message<String>> done = new CompletableFuture<>();
        bus.subscribe("jobs.*", String.class, message -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            done.complete(message);
        });

        tracing.inSpan(() -> bus.publish("jobs.flaky", "job").get(10, TimeUnit.SECONDS));
        done.get(10, TimeUnit.SECONDS);

        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> tracing.spansNamed("process jobs.*").size() == 3
                && tracing.spansNamed("publish jobs.flaky").size() == 1);
        SimpleSpan sent = tracing.spansNamed("publish jobs.flaky").get(0);
        List<SimpleSpan> attempts = tracing.spansNamed("process jobs.*");
        assertThat(attempts).allSatisfy(span -> {
            assertThat(span.getParentId()).isEqualTo(sent.getSpanId());
            assertThat(span.getTraceId()).isEqualTo(sent.getTraceId());
            // spans carry the concrete topic; the pattern is the destination only for metrics
            assertThat(span.getTags()).containsEntry("messaging.destination.name", "jobs.flaky");
        });
        assertThat(attempts).extracting(span -> span.getTags().get("amb.delivery.attempt"))
            .containsExactlyInAnyOrder("1", "2", "3");
        assertThat(attempts).extracting(span -> span.getTags().get("error.type"))
            .containsExactlyInAnyOrder(IllegalStateException.class.getName(), IllegalStateException.class.getName(), "none");
    }

    @Test
    void batchSpanLinksToTheTraceEachMessageStarted() throws Exception {
        DefaultMessageBus bus = bus("batching", tracing.observer());
        CompletableFuture<List<Message<Integer>>> batch = new CompletableFuture<>();
        bus.subscribeBatch(SubscriptionOptions.pattern("numbers").ackMode(AckMode.BATCH).batchSize(3)
            .batchTimeout(Duration.ofSeconds(30)), Integer.class, batch::complete);

        for (int i = 0; i < 3; i++) {
            int number = i;
            tracing.inSpan(() -> bus.publish("numbers", number).get(10, TimeUnit.SECONDS));
        }
        List<Message<Integer>> messages = batch.get(10, TimeUnit.SECONDS);

        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> tracing.spansNamed("process_batch numbers").size() == 1);
        SimpleSpan batchSpan = tracing.spansNamed("process_batch numbers").get(0);
        List<SimpleSpan> sent = tracing.spansNamed("publish numbers");
        assertThat(batchSpan.getLinks()).extracting(Link::getTraceContext)
            .extracting(context -> context.spanId())
            .containsExactlyInAnyOrderElementsOf(sent.stream().map(SimpleSpan::getSpanId).toList());
        assertThat(batchSpan.getLinks()).extracting(link -> link.getTraceContext().traceId())
            .containsExactlyInAnyOrderElementsOf(sent.stream().map(span -> TestTracing.w3cTraceId(span.getTraceId())).toList());
        assertThat(batchSpan.getTags()).containsEntry("messaging.batch.message_count", "3");
        assertThat(messages).hasSize(3);
    }

    @Test
    void requestSpanCoversTheRoundTripAndNamesATimeout() {
        DefaultMessageBus requester = bus("asking", tracing.observer());

        CompletableFuture<Message<String>> reply = requester.request("nobody.home", "hello", String.class,
                Duration.ofMillis(100));

        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(RequestTimeoutException.class);
        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> tracing.spansNamed("request nobody.home").size() == 1);
        SimpleSpan request = tracing.spansNamed("request nobody.home").get(0);
        assertThat(request.getTags()).containsEntry("error.type", RequestTimeoutException.class.getName())
            .containsEntry("amb.request.kind", "request")
            .containsKey("messaging.message.conversation_id");
        assertThat(tracing.spansNamed("publish nobody.home")).singleElement()
            .satisfies(sent -> assertThat(sent.getParentId()).isEqualTo(request.getSpanId()));
    }

    @Test
    void scatterGatherRepliesBelongToTheRequestsTrace() throws Exception {
        DefaultMessageBus requester = bus("gatherer", tracing.observer());
        for (String name : List.of("bidder-a", "bidder-b")) {
            bus(name, tracing.observer()).respond("bids", null, String.class, request -> name);
        }

        List<Message<String>> replies = requester.scatter("bids", "lot-1", String.class, Duration.ofSeconds(10), 2, 2)
            .get(10, TimeUnit.SECONDS);

        assertThat(replies).hasSize(2);
        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> tracing.spansNamed("scatter bids").size() == 1
                && tracing.spansNamed("reply amb.inbox").size() == 2);
        SimpleSpan scatter = tracing.spansNamed("scatter bids").get(0);
        assertThat(scatter.getTags()).containsEntry("amb.request.replies", "2").containsEntry("error.type", "none");
        assertThat(tracing.spansNamed("reply amb.inbox")).allSatisfy(
                reply -> assertThat(reply.getTraceId()).isEqualTo(scatter.getTraceId()));
        assertThat(replies).allSatisfy(reply -> assertThat(TestTracing.traceIdOf(reply.headers()))
            .isEqualTo(scatter.getTraceId()));
    }

    @Test
    void handlerMdcNamesTheMessageAndIsRestoredAfterwards() throws Exception {
        DefaultMessageBus bus = bus("logging", new ObservationBusObserver(ObservationRegistry.NOOP));
        CompletableFuture<List<String>> during = new CompletableFuture<>();
        bus.subscribe("logs.app", String.class, message -> during.complete(java.util.Arrays.asList(
                message.id(), MDC.get("amb.messageId"), MDC.get("amb.topic"))));
        Envelope envelope = Envelope.builder().id("m-1").topic("logs.app").build();
        MDC.put("amb.topic", "outer");

        try {
            new ObservationBusObserver(ObservationRegistry.NOOP).process(envelope,
                    SubscriptionSpec.of("s", "logs.app", null, 1), 1,
                    () -> assertThat(MDC.get("amb.messageId")).isEqualTo("m-1"));
            assertThat(MDC.get("amb.messageId")).isNull();
            assertThat(MDC.get("amb.topic")).isEqualTo("outer");
        }
        finally {
            MDC.remove("amb.topic");
        }
        bus.publish("logs.app", "line").get(10, TimeUnit.SECONDS);
        List<String> seen = during.get(10, TimeUnit.SECONDS);
        assertThat(seen.subList(1, 3)).containsExactly(seen.get(0), "logs.app");
    }

    @Test
    void withoutAnObservationRegistryMessagesTravelUnchanged() throws Exception {
        DefaultMessageBus bus = bus("quiet", new ObservationBusObserver(ObservationRegistry.NOOP));
        CompletableFuture<Message<String>> received = new CompletableFuture<>();
        bus.subscribe("plain", String.class, received::complete);

        bus.publish("plain", "x").get(10, TimeUnit.SECONDS);

        assertThat(received.get(10, TimeUnit.SECONDS).headers()).doesNotContainKey(AmbHeaders.EXT_TRACEPARENT);
    }

    @Test
    void theDeadLetterPublishOfAFailedMessageIsAChildOfItsLastProcessing() throws Exception {
        ObservationRegistry registry = ObservationRegistry.create();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        DefaultMessageBus bus = bus("dead-ends", new ObservationBusObserver(registry));
        bus.subscribe("doomed.jobs", String.class, message -> {
            throw new IllegalStateException("always fails");
        });

        bus.publish("doomed.jobs", "j-1").get(10, TimeUnit.SECONDS);

        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> stopped.stream()
            .anyMatch(context -> context instanceof AmbPublishContext publish && "dead_letter".equals(publish.operation())));
        Observation.Context deadLetter = stopped.stream()
            .filter(context -> context instanceof AmbPublishContext publish && "dead_letter".equals(publish.operation()))
            .findFirst().orElseThrow();
        assertThat(deadLetter.getParentObservation()).as("the dead letter's parent observation").isNotNull();
        assertThat(deadLetter.getParentObservation().getContextView().getName()).isEqualTo("amb.process");
    }

    @Test
    void aForwardedMessageKeepsTheTraceItStartedAndGetsANewHop() {
        AmbPublishContext context = new AmbPublishContext(Envelope.builder().id("d-1").topic("amb.dead-letter")
            .header(AmbHeaders.DEAD_LETTER_REASON, "retries-exhausted")
            .extension(AmbHeaders.EXT_TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build(), "kafka");

        context.getSetter().set(context.getCarrier(), "traceparent", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");

        Envelope sent = context.getCarrier().envelope();
        assertThat(context.operation()).isEqualTo("dead_letter");
        assertThat(sent.extension(AmbHeaders.EXT_TRACEPARENT)).endsWith("-b7ad6b7169203331-01");
        assertThat(sent.headers().get(AmbHeaders.EXT_TRACEPARENT)).endsWith("-00f067aa0ba902b7-01");
    }

    @Test
    void aReplacedConventionNamesTheObservation() throws Exception {
        TestObservationRegistry registry = TestObservationRegistry.create();
        AmbPublishObservationConvention custom = new DefaultAmbPublishObservationConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(AmbPublishContext context) {
                return super.getLowCardinalityKeyValues(context).and(KeyValue.of("team", "agents"));
            }
        };
        DefaultMessageBus bus = bus("custom", new ObservationBusObserver(registry, custom, null, null, null));

        bus.publish("custom.topic", "x").get(10, TimeUnit.SECONDS);

        KitSupport.waitAtMost(Duration.ofSeconds(10)).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
            .hasObservationWithNameEqualTo("amb.publish").that().hasLowCardinalityKeyValue("team", "agents")
            .hasBeenStopped());
    }

    @Test
    void messagingSystemUsesOpenTelemetryNamesWhereTheyExist() {
        assertThat(List.of("kafka", "rabbit", "sqs", "nats", "nats-jetstream", "redis", "memory").stream()
            .map(Conventions::system).toList())
            .containsExactly("kafka", "rabbitmq", "aws_sqs", "nats", "nats-jetstream", "redis", "memory");
        assertThat(Map.of("x", W3cTraceparent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")))
            .containsEntry("x", new W3cTraceparent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true));
        assertThat(W3cTraceparent.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01")).isNull();
        assertThat(W3cTraceparent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")).isNull();
        assertThat(W3cTraceparent.parse("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")).isNull();
    }
}
