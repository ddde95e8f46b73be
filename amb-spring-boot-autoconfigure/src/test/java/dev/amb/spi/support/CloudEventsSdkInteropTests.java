package dev.amb.spi.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.Message;
import dev.amb.RemoteAgentException;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.serialization.MessagePackMessageSerializer;
import dev.amb.serialization.ProtobufMessageSerializer;
import dev.amb.serialization.proto.TaskProto;
import dev.amb.spi.Envelope;
import dev.amb.spi.MessageSerializer;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CloudEvents Java SDK as an independent judge of AMB's structured JSON form
 * ({@link StructuredEnvelopeCodec}): the SDK reads what real buses publish, and events the SDK
 * writes reach typed AMB subscribers.
 */
class CloudEventsSdkInteropTests {

    record Task(String id, String description, Instant due, byte[] attachment) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<MessageSerializer> READERS = List.of(new JsonMessageSerializer(),
            new MessagePackMessageSerializer(), new ProtobufMessageSerializer());

    private final EventFormat sdk = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final MemoryBroker broker = new MemoryBroker();

    private final DefaultMessageBus jsonAgent = agent("planner-1", new JsonMessageSerializer());

    private final DefaultMessageBus msgpackAgent = agent("worker-7", new MessagePackMessageSerializer());

    private final DefaultMessageBus protobufAgent = agent("indexer-3", new ProtobufMessageSerializer());

    private final List<Envelope> wire = new CopyOnWriteArrayList<>();

    CloudEventsSdkInteropTests() {
        broker.subscribe(SubscriptionSpec.of("wire-tap", "#", null, 1), delivery -> {
            wire.add(delivery.envelope());
            delivery.ack();
        });
    }

    @AfterEach
    void close() {
        jsonAgent.close();
        msgpackAgent.close();
        protobufAgent.close();
        broker.close();
    }

    private DefaultMessageBus agent(String id, MessageSerializer writer) {
        return DefaultMessageBus.builder(broker).agentId(id).serializer(writer).readers(READERS).build();
    }

    private static Task task() {
        return new Task("t-1", "Grüße ☃ 🚀", Instant.parse("2026-11-21T10:15:30.123Z"), new byte[] { 0, 1, (byte) 0xff });
    }

    // ---- AMB writes, the SDK reads ----

    @Test
    void sdkReadsAJsonMessageWithEveryContextAttributeAndTheUserHeaders() throws Exception {
        jsonAgent.publish("agents.tasks", task(), Map.of("priority", "high", "X-Trace-Id", "a\"b ü")).join();
        Envelope sent = single();

        CloudEvent event = sdk.deserialize(StructuredEnvelopeCodec.encode(sent));

        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(event.getId()).isEqualTo(sent.id());
        assertThat(event.getSource()).isEqualTo(URI.create("planner-1"));
        assertThat(event.getType()).isEqualTo("agents.tasks");
        assertThat(event.getTime().toInstant()).isEqualTo(sent.time());
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(JSON.readTree(event.getData().toBytes())).isEqualTo(JSON.readTree(sent.data()));
        assertThat(event.getExtensionNames()).containsExactly(StructuredEnvelopeCodec.HEADERS_EXTENSION);
        Map<String, String> headers = JSON.readValue((String) event.getExtension(StructuredEnvelopeCodec.HEADERS_EXTENSION),
                new TypeReference<Map<String, String>>() {
                });
        assertThat(headers).isEqualTo(Map.of("priority", "high", "X-Trace-Id", "a\"b ü"));
    }

    @Test
    void sdkReadsMessagePackPayloadsAsBase64DataThatStillDecode() {
        msgpackAgent.publish("agents.tasks", task()).join();
        Envelope sent = single();

        CloudEvent event = sdk.deserialize(StructuredEnvelopeCodec.encode(sent));

        assertThat(event.getDataContentType()).isEqualTo("application/msgpack");
        assertThat(event.getData().toBytes()).isEqualTo(sent.data());
        assertThat(new MessagePackMessageSerializer().deserialize(event.getData().toBytes(), Task.class))
            .usingRecursiveComparison()
            .isEqualTo(task());
    }

    @Test
    void sdkReadsProtobufPayloadsWithTheirMessageType() throws Exception {
        TaskProto task = TaskProto.newBuilder().setId("t-9").setDescription("ünïcode").build();
        protobufAgent.publish("agents.index", task).join();

        CloudEvent event = sdk.deserialize(StructuredEnvelopeCodec.encode(single()));

        assertThat(event.getDataContentType()).isEqualTo("application/protobuf; messagetype=amb.test.TaskProto");
        assertThat(TaskProto.parseFrom(event.getData().toBytes())).isEqualTo(task);
    }

    @Test
    void sdkReadsRequestAndErrorReplyExtensions() {
        protobufAgent.respond("agents.lookup", null, String.class, request -> {
            throw new IllegalStateException("index offline");
        });

        assertThatThrownBy(() -> jsonAgent.request("agents.lookup", "q", String.class, Duration.ofSeconds(10)).join())
            .hasCauseInstanceOf(RemoteAgentException.class);
        CloudEvent request = sdk.deserialize(StructuredEnvelopeCodec.encode(onTopic("agents.lookup")));
        CloudEvent reply = sdk.deserialize(StructuredEnvelopeCodec.encode(onTopic(jsonAgent.inboxTopic())));

        assertThat(request.getType()).isEqualTo("agents.lookup");
        assertThat(request.getExtension("replyto")).isEqualTo(jsonAgent.inboxTopic());
        assertThat(request.getExtension("correlationid")).isNotNull();
        assertThat(reply.getType()).isEqualTo(jsonAgent.inboxTopic());
        assertThat(reply.getSource()).isEqualTo(URI.create("indexer-3"));
        assertThat(reply.getExtension("correlationid")).isEqualTo(request.getExtension("correlationid"));
        assertThat(reply.getExtension("errortype")).isEqualTo(IllegalStateException.class.getName());
        assertThat(reply.getExtension("errormessage")).isEqualTo("index offline");
        assertThat(reply.getData()).isNull();
    }

    @Test
    void sdkReadsTextPayloadsAndEnvelopesWithoutSourceTimeOrData() {
        Envelope text = Envelope.builder().id("e-1").topic("notes").contentType("text/plain; charset=utf-8")
            .data("line one\nGrüße".getBytes(StandardCharsets.UTF_8)).build();
        Envelope bare = Envelope.builder().id("e-2").topic("pings").build();

        CloudEvent textEvent = sdk.deserialize(StructuredEnvelopeCodec.encode(text));
        CloudEvent bareEvent = sdk.deserialize(StructuredEnvelopeCodec.encode(bare));

        assertThat(new String(textEvent.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("line one\nGrüße");
        assertThat(textEvent.getSource()).isEqualTo(URI.create(StructuredEnvelopeCodec.UNKNOWN_SOURCE));
        assertThat(bareEvent.getTime()).isNull();
        assertThat(bareEvent.getDataContentType()).isNull();
        assertThat(bareEvent.getData()).isNull();
    }

    @Test
    void sdkReadsASourceThatIsNotAUriReference() {
        // AMB's own agent ids are URI-safe (AgentIds); an envelope passed on from another producer
        // may carry any source, and the structured form percent-encodes it
        Envelope foreign = Envelope.builder()
            .id("f-1")
            .topic("agents.tasks")
            .source("Planner Agent ü")
            .contentType("application/json")
            .data("\"hello\"".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .build();

        CloudEvent event = sdk.deserialize(StructuredEnvelopeCodec.encode(foreign));

        assertThat(event.getSource()).isEqualTo(URI.create("Planner%20Agent%20%C3%BC"));
    }

    // ---- the SDK writes, AMB reads ----

    @Test
    void ambDeliversJsonEventsTheSdkWroteToTypedSubscribers() {
        List<Message<Task>> received = subscribe(jsonAgent, "orders.created", Task.class);
        CloudEvent event = CloudEventBuilder.v1()
            .withId("e-42")
            .withSource(URI.create("/shop/checkout"))
            .withType("orders.created")
            .withTime(OffsetDateTime.of(2026, 11, 21, 12, 0, 0, 0, ZoneOffset.ofHours(1)))
            .withSubject("order-7")
            .withData("application/json", new JsonMessageSerializer().serialize(task()))
            .withExtension("attempt", 3)
            .withExtension("urgent", true)
            .withExtension(StructuredEnvelopeCodec.HEADERS_EXTENSION, "{\"priority\":\"high\"}")
            .build();

        Envelope envelope = StructuredEnvelopeCodec.decode(sdk.serialize(event), "ignored");
        broker.publish(envelope).join();

        Awaitility.await().until(() -> received.size() == 1);
        Message<Task> message = received.get(0);
        assertThat(message.data()).usingRecursiveComparison().isEqualTo(task());
        assertThat(message.id()).isEqualTo("e-42");
        assertThat(message.sender()).isEqualTo("/shop/checkout");
        assertThat(message.topic()).isEqualTo("orders.created");
        assertThat(message.timestamp()).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(message.headers()).isEqualTo(Map.of("priority", "high"));
        assertThat(envelope.extensions()).containsEntry("attempt", "3").containsEntry("urgent", "true")
            .containsEntry("subject", "order-7");
    }

    @Test
    void ambReadsJsonDataTheSdkForcedToBase64() {
        List<Message<Task>> received = subscribe(msgpackAgent, "orders.created", Task.class);
        EventFormat base64Sdk = new JsonFormat().withForceJsonDataToBase64();
        CloudEvent event = sdkEvent("orders.created", "application/json", new JsonMessageSerializer().serialize(task()));

        byte[] structured = base64Sdk.serialize(event);
        broker.publish(StructuredEnvelopeCodec.decode(structured, "ignored")).join();

        assertThat(new String(structured, StandardCharsets.UTF_8)).contains("data_base64");
        Awaitility.await().until(() -> received.size() == 1);
        assertThat(received.get(0).data()).usingRecursiveComparison().isEqualTo(task());
    }

    @Test
    void ambDeliversTextEventsTheSdkWroteAsStringOrBase64() {
        List<Message<String>> received = subscribe(jsonAgent, "notes", String.class);
        byte[] text = "Grüße\nzweite Zeile".getBytes(StandardCharsets.UTF_8);
        CloudEvent event = sdkEvent("notes", "text/plain; charset=utf-8", text);

        byte[] asString = new JsonFormat().withForceNonJsonDataToString().serialize(event);
        byte[] asBase64 = sdk.serialize(event);
        broker.publish(StructuredEnvelopeCodec.decode(asString, "ignored")).join();
        broker.publish(StructuredEnvelopeCodec.decode(asBase64, "ignored")).join();

        assertThat(new String(asString, StandardCharsets.UTF_8)).contains("\"data\":\"Grüße\\nzweite Zeile\"");
        assertThat(new String(asBase64, StandardCharsets.UTF_8)).contains("data_base64");
        Awaitility.await().until(() -> received.size() == 2);
        assertThat(received).extracting(Message::data).containsOnly("Grüße\nzweite Zeile");
    }

    @Test
    void ambDeliversBinaryEventsTheSdkWroteInEveryFormat() {
        List<Message<Task>> tasks = subscribe(jsonAgent, "binary.msgpack", Task.class);
        List<Message<TaskProto>> protos = subscribe(jsonAgent, "binary.protobuf", TaskProto.class);
        List<Message<byte[]>> raw = subscribe(jsonAgent, "binary.octets", byte[].class);
        TaskProto proto = TaskProto.newBuilder().setId("p-1").setPriority(2).build();
        byte[] octets = { 0, (byte) 0x80, (byte) 0xff };

        for (CloudEvent event : List.of(
                sdkEvent("binary.msgpack", "application/msgpack", new MessagePackMessageSerializer().serialize(task())),
                sdkEvent("binary.protobuf", "application/protobuf; messagetype=amb.test.TaskProto", proto.toByteArray()),
                sdkEvent("binary.octets", "application/octet-stream", octets))) {
            broker.publish(StructuredEnvelopeCodec.decode(sdk.serialize(event), "ignored")).join();
        }

        Awaitility.await().until(() -> tasks.size() == 1 && protos.size() == 1 && raw.size() == 1);
        assertThat(tasks.get(0).data()).usingRecursiveComparison().isEqualTo(task());
        assertThat(protos.get(0).data()).isEqualTo(proto);
        assertThat(raw.get(0).data()).isEqualTo(octets);
    }

    @Test
    void aRoundTripThroughTheSdkKeepsEveryAttribute() {
        jsonAgent.publish("agents.tasks", task(), Map.of("priority", "high")).join();
        Envelope sent = single();

        Envelope back = StructuredEnvelopeCodec.decode(sdk.serialize(sdk.deserialize(StructuredEnvelopeCodec.encode(sent))),
                "ignored");

        assertThat(back).usingRecursiveComparison().ignoringFields("data").isEqualTo(sent);
        assertThat(new JsonMessageSerializer().deserialize(back.data(), Task.class)).usingRecursiveComparison()
            .isEqualTo(task());
    }

    private static CloudEvent sdkEvent(String type, String contentType, byte[] data) {
        return CloudEventBuilder.v1()
            .withId("e-" + type)
            .withSource(URI.create("urn:example:producer"))
            .withType(type)
            .withData(contentType, data)
            .build();
    }

    private <T> List<Message<T>> subscribe(DefaultMessageBus bus, String topic, Class<T> type) {
        List<Message<T>> received = new CopyOnWriteArrayList<>();
        bus.subscribe(topic, type, received::add);
        return received;
    }

    private Envelope onTopic(String topic) {
        Awaitility.await().until(() -> wire.stream().anyMatch(envelope -> envelope.topic().equals(topic)));
        return wire.stream().filter(envelope -> envelope.topic().equals(topic)).findFirst().orElseThrow();
    }

    private Envelope single() {
        Awaitility.await().until(() -> wire.size() == 1);
        return wire.get(0);
    }
}
