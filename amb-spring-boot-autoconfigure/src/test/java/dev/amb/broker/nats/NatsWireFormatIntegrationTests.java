package dev.amb.broker.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitPayloads.Task;
import dev.amb.kit.KitSupport;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.kit.RequiresNatsJetStream;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What plain jnats clients see of AMB's messages and send to AMB: the CloudEvents NATS binding in
 * binary mode ({@code ce-} headers, the JSON payload unchanged) and, when configured, in
 * structured mode (one JSON event), on core NATS and on JetStream.
 */
@RequiresNatsJetStream
class NatsWireFormatIntegrationTests {

    private static final String PLAIN_TASK = "{\"id\":\"p-1\",\"priority\":3,\"tags\":[\"x\"],"
            + "\"createdAt\":\"2026-05-01T12:00:00Z\"}";

    private static final Task TASK = new Task("t-1", 7, List.of("urgent"), Instant.parse("2026-11-21T10:15:30Z"));

    private final String namespace = KitSupport.namespace();

    private Connection raw;

    private Broker broker;

    private DefaultMessageBus bus;

    @BeforeEach
    void connect() throws Exception {
        raw = NatsTestSupport.connect();
    }

    @AfterEach
    void close() throws InterruptedException {
        if (bus != null) {
            bus.close();
        }
        NatsTestSupport.closeQuietly(broker);
        raw.close();
    }

    @Test
    void plainSubscriberSeesCloudEventsHeadersAndThePlainJsonPayload() throws Exception {
        useBus(NatsTestSupport.coreBroker());
        String topic = namespace + ".tasks";

        Message message = publishAndReceiveOnCore(topic);
        assertCloudEvent(message, topic);
        assertThat(message.getSubject()).isEqualTo(topic);
    }

    @Test
    void plainPublishersJsonReachesATypedListener() throws Exception {
        useBus(NatsTestSupport.coreBroker());
        String topic = namespace + ".plain";
        Recorder<Task> received = new Recorder<>();
        bus.subscribe(topic, Task.class, received);

        raw.publish(topic, PLAIN_TASK.getBytes(StandardCharsets.UTF_8));

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> received.count() == 1);
        assertPlainTask(received, topic);
    }

    @Test
    void jetStreamConsumerSeesCloudEventsHeadersOnThePrefixedSubject() throws Exception {
        useBus(NatsTestSupport.jetStreamBroker("AMB_WIRE", "ambwire"));
        String topic = namespace + ".tasks";
        List<Message> messages = publishAndFetchFromTheStream(topic);
        assertThat(messages).hasSize(1);
        Message message = messages.get(0);
        assertCloudEvent(message, topic);
        assertThat(message.getSubject()).isEqualTo("ambwire." + topic);
        assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(message.getHeaders().getFirst("ce-id"));
    }

    @Test
    void plainJetStreamPublishReachesATypedListener() throws Exception {
        useBus(NatsTestSupport.jetStreamBroker("AMB_WIRE", "ambwire"));
        String topic = namespace + ".plain";
        Recorder<Task> received = new Recorder<>();
        bus.subscribe(topic, Task.class, received);

        raw.jetStream().publish("ambwire." + topic, new Headers().put("X-Origin", "raw"),
                PLAIN_TASK.getBytes(StandardCharsets.UTF_8));

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> received.count() == 1);
        assertPlainTask(received, topic);
        assertThat(received.messages().get(0).headers()).isEqualTo(Map.of("X-Origin", "raw"));
    }

    @Test
    void inStructuredModeAPlainSubscriberSeesOneJsonEventUnderTheCloudEventsContentType() throws Exception {
        useBus(NatsBroker.connect(NatsTestSupport.options().build(),
                NatsTestSupport.settings().withContentMode(NatsContentMode.STRUCTURED)));
        String topic = namespace + ".tasks";

        Message message = publishAndReceiveOnCore(topic);
        assertStructuredCloudEvent(message, topic);
    }

    @Test
    void inStructuredModeAJetStreamMessageCarriesItsIdAsNatsMsgId() throws Exception {
        useBus(NatsJetStreamBroker.connect(NatsTestSupport.options().build(),
                NatsTestSupport.settings().withContentMode(NatsContentMode.STRUCTURED),
                NatsTestSupport.streamSettings("AMB_WIRE", "ambwire")));
        String topic = namespace + ".tasks";
        List<Message> messages = publishAndFetchFromTheStream(topic);
        assertThat(messages).hasSize(1);
        JsonNode event = assertStructuredCloudEvent(messages.get(0), topic);
        assertThat(messages.get(0).getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(event.get("id").asText());
    }

    @Test
    void agentsWritingDifferentContentModesExchangeRequestsAndReplies() throws Exception {
        for (NatsContentMode requesterMode : NatsContentMode.values()) {
            NatsContentMode responderMode = requesterMode == NatsContentMode.BINARY ? NatsContentMode.STRUCTURED
                    : NatsContentMode.BINARY;
            Broker responderBroker = NatsBroker.connect(NatsTestSupport.options().build(),
                    NatsTestSupport.settings().withContentMode(responderMode));
            try (DefaultMessageBus responder = DefaultMessageBus.builder(responderBroker).agentId("responder")
                .serializer(new JsonMessageSerializer()).build()) {
                useBus(NatsBroker.connect(NatsTestSupport.options().build(),
                        NatsTestSupport.settings().withContentMode(requesterMode)));
                String topic = namespace + ".modes." + requesterMode.name().toLowerCase(java.util.Locale.ROOT);
                responder.respond(topic, null, Task.class, request -> request.data().priority() * 2);

                dev.amb.Message<Integer> reply = bus.request(topic, TASK, Integer.class, Duration.ofSeconds(20))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);

                assertThat(reply.data()).as(requesterMode + " to " + responderMode).isEqualTo(14);
                assertThat(reply.sender()).isEqualTo("responder");
                bus.close();
                bus = null;
                broker.close();
            }
            finally {
                responderBroker.close();
            }
        }
    }

    /** Publishes {@link #TASK} with two headers and receives it with a plain core NATS subscriber. */
    private Message publishAndReceiveOnCore(String topic) throws Exception {
        Subscription subscription = raw.subscribe(topic);
        try {
            raw.flush(Duration.ofSeconds(5));
            bus.publish(topic, TASK, Map.of("priority", "high", "note", "naïve café")).join();
            return subscription.nextMessage(Duration.ofSeconds(20));
        }
        finally {
            subscription.unsubscribe();
        }
    }

    /** Publishes {@link #TASK} with two headers and fetches what the stream stored from a plain pull consumer. */
    private List<Message> publishAndFetchFromTheStream(String topic) throws Exception {
        JetStreamSubscription subscription = raw.jetStream().subscribe("ambwire." + topic, PullSubscribeOptions.builder()
            .stream("AMB_WIRE")
            .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build())
            .build());
        try {
            bus.publish(topic, TASK, Map.of("priority", "high", "note", "naïve café")).join();
            return subscription.fetch(1, Duration.ofSeconds(20));
        }
        finally {
            subscription.unsubscribe();
        }
    }

    private void useBus(Broker broker) {
        this.broker = broker;
        this.bus = DefaultMessageBus.builder(broker).agentId("wire-agent").serializer(new JsonMessageSerializer()).build();
    }

    private static void assertCloudEvent(Message message, String topic) {
        Headers headers = message.getHeaders();
        assertThat(headers.getFirst("ce-specversion")).isEqualTo("1.0");
        assertThat(headers.getFirst("ce-id")).isNotBlank();
        assertThat(headers.getFirst("ce-source")).isEqualTo("wire-agent");
        assertThat(headers.getFirst("ce-type")).isEqualTo(topic);
        assertThat(Instant.parse(headers.getFirst("ce-time"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(headers.getFirst("ce-datacontenttype")).isEqualTo("application/json");
        assertThat(headers.getFirst("priority")).isEqualTo("high");
        assertThat(headers.getFirst("note")).isEqualTo("na%C3%AFve%20caf%C3%A9");
        assertThat(new String(message.getData(), StandardCharsets.UTF_8))
            .isEqualTo("{\"id\":\"t-1\",\"priority\":7,\"tags\":[\"urgent\"],\"createdAt\":\"2026-11-21T10:15:30Z\"}");
    }

    private static JsonNode assertStructuredCloudEvent(Message message, String topic) throws Exception {
        assertThat(message.getHeaders().keySet()).contains("Content-Type").isSubsetOf("Content-Type", "Nats-Msg-Id");
        assertThat(message.getHeaders().getFirst("Content-Type")).isEqualTo("application/cloudevents+json");
        JsonNode event = new ObjectMapper().readTree(message.getData());
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("id").asText()).isNotBlank();
        assertThat(event.get("source").asText()).isEqualTo("wire-agent");
        assertThat(event.get("type").asText()).isEqualTo(topic);
        assertThat(Instant.parse(event.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(new ObjectMapper().readTree(event.get("ambheaders").asText()))
            .isEqualTo(new ObjectMapper().readTree("{\"priority\":\"high\",\"note\":\"naïve café\"}"));
        assertThat(event.get("data").toString())
            .isEqualTo("{\"id\":\"t-1\",\"priority\":7,\"tags\":[\"urgent\"],\"createdAt\":\"2026-11-21T10:15:30Z\"}");
        return event;
    }

    private static void assertPlainTask(Recorder<Task> received, String topic) {
        dev.amb.Message<Task> message = received.messages().get(0);
        assertThat(message.data()).isEqualTo(new Task("p-1", 3, List.of("x"), Instant.parse("2026-05-01T12:00:00Z")));
        assertThat(message.topic()).isEqualTo(topic);
        assertThat(message.id()).isNotBlank();
        assertThat(message.sender()).isNull();
    }
}
