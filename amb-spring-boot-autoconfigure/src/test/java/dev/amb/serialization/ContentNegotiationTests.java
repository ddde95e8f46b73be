package dev.amb.serialization;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.ParameterizedTypeReference;

import dev.amb.Message;
import dev.amb.MessageSerializationException;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.proto.TaskProto;
import dev.amb.spi.Envelope;
import dev.amb.spi.MessageSerializer;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agents that write different formats share one broker: each message carries its
 * {@code datacontenttype} and every agent decodes it with the matching reader, whatever format it
 * writes itself. Real buses on one memory broker (which stores only bytes).
 */
class ContentNegotiationTests {

    record Step(String title, int order) {
    }

    record Plan(String name, Instant at, LocalDate day, Duration budget, Optional<String> note, byte[] blob,
            Map<String, List<Step>> steps) {
    }

    private static final List<MessageSerializer> ALL_READERS = List.of(new JsonMessageSerializer(),
            new MessagePackMessageSerializer(), new ProtobufMessageSerializer());

    private final MemoryBroker broker = new MemoryBroker();

    private final DefaultMessageBus jsonAgent = agent("json-agent", new JsonMessageSerializer());

    private final DefaultMessageBus msgpackAgent = agent("msgpack-agent", new MessagePackMessageSerializer());

    private final DefaultMessageBus protobufAgent = agent("protobuf-agent", new ProtobufMessageSerializer());

    @AfterEach
    void close() {
        jsonAgent.close();
        msgpackAgent.close();
        protobufAgent.close();
        broker.close();
    }

    private DefaultMessageBus agent(String id, MessageSerializer writer) {
        return DefaultMessageBus.builder(broker).agentId(id).serializer(writer).readers(ALL_READERS).build();
    }

    private DefaultMessageBus agent(String serializer) {
        return switch (serializer) {
            case "json" -> jsonAgent;
            case "msgpack" -> msgpackAgent;
            default -> throw new IllegalArgumentException(serializer);
        };
    }

    static Plan plan() {
        return new Plan("Grüße ☃ 計画 🚀", Instant.parse("2026-11-21T10:00:00.123456789Z"), LocalDate.of(2026, 11, 21),
                Duration.ofMinutes(90), Optional.of("note"), new byte[] { 0, 1, (byte) 0x80, (byte) 0xff },
                Map.of("draft", List.of(new Step("outline", 1), new Step("write", 2)), "done", List.of()));
    }

    @ParameterizedTest(name = "{0} producer -> {1} consumer")
    @CsvSource({ "json, msgpack, application/json", "msgpack, json, application/msgpack", "json, json, application/json",
            "msgpack, msgpack, application/msgpack" })
    void aConsumerReadsWhatTheProducerWroteWhateverItsOwnFormat(String producer, String consumer, String contentType) {
        List<Envelope> wire = rawSubscribe("fleet.plans");
        List<Message<Plan>> received = new CopyOnWriteArrayList<>();
        agent(consumer).subscribe("fleet.plans", Plan.class, received::add);

        agent(producer).publish("fleet.plans", plan(), Map.of("trace", "ü")).join();

        Awaitility.await().until(() -> received.size() == 1 && wire.size() == 1);
        assertThat(wire.get(0).contentType()).isEqualTo(contentType);
        Message<Plan> message = received.get(0);
        assertThat(message.data()).usingRecursiveComparison().isEqualTo(plan());
        assertThat(message.headers()).containsExactly(Map.entry("trace", "ü"));
        assertThat(message.sender()).isEqualTo(producer + "-agent");
    }

    @Test
    void genericPayloadTypesCrossFormats() {
        var type = new ParameterizedTypeReference<Map<String, List<Step>>>() {
        };
        List<Map<String, List<Step>>> received = new CopyOnWriteArrayList<>();
        jsonAgent.subscribe(SubscriptionOptions.pattern("fleet.steps"), type, message -> received.add(message.data()));
        Map<String, List<Step>> steps = Map.of("a", List.of(new Step("one", 1)), "b", List.of(new Step("ü", 2)));

        msgpackAgent.publish("fleet.steps", steps).join();

        Awaitility.await().until(() -> received.equals(List.of(steps)));
    }

    @Test
    void protobufMessagesReachHandlersDeclaringTheGeneratedTypeInAnyAgent() {
        List<Envelope> wire = rawSubscribe("fleet.tasks");
        List<TaskProto> received = new CopyOnWriteArrayList<>();
        jsonAgent.subscribe("fleet.tasks", TaskProto.class, message -> received.add(message.data()));
        msgpackAgent.subscribe("fleet.tasks", TaskProto.class, message -> received.add(message.data()));
        TaskProto task = ProtobufMessageSerializerTests.task();

        protobufAgent.publish("fleet.tasks", task).join();

        Awaitility.await().until(() -> received.size() == 2 && wire.size() == 1);
        assertThat(received).containsOnly(task);
        assertThat(wire.get(0).contentType()).isEqualTo("application/protobuf; messagetype=amb.test.TaskProto");
    }

    @Test
    void aProtobufWritingAgentStillReadsJsonAndMessagePack() {
        List<Plan> received = new CopyOnWriteArrayList<>();
        protobufAgent.subscribe("fleet.plans", Plan.class, message -> received.add(message.data()));

        jsonAgent.publish("fleet.plans", plan()).join();
        msgpackAgent.publish("fleet.plans", plan()).join();

        Awaitility.await().until(() -> received.size() == 2);
        assertThat(received).allSatisfy(plan -> assertThat(plan).usingRecursiveComparison().isEqualTo(plan()));
    }

    @Test
    void aNonProtobufPayloadWithTheProtobufWriterFailsNamingItsType() {
        assertThatThrownBy(() -> protobufAgent.publish("fleet.plans", plan()))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining(Plan.class.getName())
            .hasMessageContaining("application/protobuf");
    }

    @Test
    void undecodableMessagesAreCountedAndNeverStopTheSubscription() {
        List<Plan> received = new CopyOnWriteArrayList<>();
        jsonAgent.subscribe("fleet.inbox", Plan.class, message -> received.add(message.data()));
        byte[] msgpack = new MessagePackMessageSerializer().serialize(plan());

        publishRaw("fleet.inbox", "application/msgpack", java.util.Arrays.copyOf(msgpack, msgpack.length / 2));
        publishRaw("fleet.inbox", "application/x-yaml", "name: plan".getBytes(StandardCharsets.UTF_8));
        publishRaw("fleet.inbox", "application/json", "{\"name\": ".getBytes(StandardCharsets.UTF_8));
        publishRaw("fleet.inbox", "application/protobuf; messagetype=amb.test.TaskProto",
                ProtobufMessageSerializerTests.task().toByteArray());
        msgpackAgent.publish("fleet.inbox", plan()).join();

        Awaitility.await().until(() -> jsonAgent.counters().handled() == 1);
        assertThat(received).hasSize(1);
        assertThat(jsonAgent.counters().undecodable()).isEqualTo(4);

        publishRaw("fleet.inbox", "application/msgpack", new byte[] { (byte) 0xc1 });
        jsonAgent.publish("fleet.inbox", plan()).join();

        Awaitility.await().until(() -> received.size() == 2);
        assertThat(jsonAgent.counters().undecodable()).isEqualTo(5);
        assertThat(jsonAgent.subscriptions()).singleElement().satisfies(s -> assertThat(s.isActive()).isTrue());
    }

    @Test
    void corruptProtobufBytesAreCountedAndTheProtobufHandlerCarriesOn() {
        List<TaskProto> received = new CopyOnWriteArrayList<>();
        protobufAgent.subscribe("fleet.tasks", TaskProto.class, message -> received.add(message.data()));
        byte[] task = ProtobufMessageSerializerTests.task().toByteArray();

        publishRaw("fleet.tasks", "application/protobuf", java.util.Arrays.copyOf(task, task.length - 3));
        protobufAgent.publish("fleet.tasks", ProtobufMessageSerializerTests.task()).join();

        Awaitility.await().until(() -> received.size() == 1);
        assertThat(protobufAgent.counters().undecodable()).isEqualTo(1);
    }

    private void publishRaw(String topic, String contentType, byte[] data) {
        broker.publish(Envelope.builder()
            .id(UUID.randomUUID().toString())
            .topic(topic)
            .source("plain-client")
            .contentType(contentType)
            .data(data)
            .build()).join();
    }

    private List<Envelope> rawSubscribe(String pattern) {
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("raw-" + pattern, pattern, null, 1), delivery -> {
            seen.add(delivery.envelope());
            delivery.ack();
        });
        return seen;
    }
}
