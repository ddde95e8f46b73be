package dev.amb.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.amb.MessageBus;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.serialization.MessagePackMessageSerializer;
import dev.amb.serialization.ProtobufMessageSerializer;
import dev.amb.serialization.proto.TaskProto;
import dev.amb.spi.Envelope;
import dev.amb.spi.MessageSerializer;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

class SerializerAutoConfigurationTests {

    record Note(String text, Instant at) {
    }

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class));

    @Test
    void everySerializerWhoseLibraryIsPresentIsABean() {
        contextRunner.run(context -> assertThat(context.getBeansOfType(MessageSerializer.class).values())
            .hasExactlyElementsOfTypes(JsonMessageSerializer.class, MessagePackMessageSerializer.class,
                    ProtobufMessageSerializer.class));
    }

    @Test
    void msgpackSerializerWritesMessagePack() {
        contextRunner.withPropertyValues("amb.serializer=msgpack").run(context -> {
            Envelope sent = publishAndCapture(context, new Note("hi", Instant.parse("2026-11-21T10:00:00Z")));

            assertThat(sent.contentType()).isEqualTo("application/msgpack");
            assertThat(new MessagePackMessageSerializer().deserialize(sent.data(), Note.class))
                .isEqualTo(new Note("hi", Instant.parse("2026-11-21T10:00:00Z")));
        });
    }

    @Test
    void ambSerializerEnvironmentVariableChoosesTheWriter() {
        contextRunner.withInitializer(context -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of("AMB_SERIALIZER", "protobuf"))))
            .run(context -> {
            Envelope sent = publishAndCapture(context, TaskProto.newBuilder().setId("t").build());

            assertThat(sent.contentType()).isEqualTo("application/protobuf; messagetype=amb.test.TaskProto");
        });
    }

    @Test
    void msgpackUsesTheApplicationsObjectMapperSettings() {
        contextRunner.withPropertyValues("amb.serializer=msgpack", "spring.jackson.property-naming-strategy=SNAKE_CASE")
            .run(context -> {
                ObjectMapper application = context.getBean(ObjectMapper.class);
                assertThat(application.getPropertyNamingStrategy()).isSameAs(PropertyNamingStrategies.SNAKE_CASE);
                record Named(String firstName) {
                }

                Envelope sent = publishAndCapture(context, new Named("Ada"));

                assertThat(new String(sent.data(), java.nio.charset.StandardCharsets.UTF_8)).contains("first_name");
            });
    }

    @Test
    void everyAvailableSerializerReadsWhateverTheWriter() {
        contextRunner.run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            List<Object> received = new CopyOnWriteArrayList<>();
            bus.subscribe("inbox.notes", Note.class, message -> received.add(message.data()));
            bus.subscribe("inbox.tasks", TaskProto.class, message -> received.add(message.data()));
            Note note = new Note("packed", Instant.parse("2026-11-21T10:00:00Z"));
            TaskProto task = TaskProto.newBuilder().setId("t-1").build();

            MemoryBroker broker = context.getBean(MemoryBroker.class);
            broker.publish(envelope("inbox.notes", "application/msgpack", new MessagePackMessageSerializer().serialize(note)))
                .join();
            broker.publish(envelope("inbox.tasks", "application/protobuf", task.toByteArray())).join();

            Awaitility.await().until(() -> received.size() == 2);
            assertThat(received).containsExactlyInAnyOrder(note, task);
        });
    }

    @Test
    void msgpackWithoutItsLibraryFailsStartUpSayingSo() {
        contextRunner.withPropertyValues("amb.serializer=msgpack")
            .withClassLoader(new FilteredClassLoader(MessagePackFactory.class))
            .run(context -> {
                assertThat(context).hasFailed();
                InvalidAmbPropertyException cause = invalidProperty(context.getStartupFailure());
                assertThat(cause.property()).isEqualTo("amb.serializer");
                assertThat(cause.getMessage()).contains("no msgpack serializer is available");
            });
    }

    @Test
    void protobufWithoutItsLibraryFailsStartUpSayingSo() {
        contextRunner.withPropertyValues("amb.serializer=protobuf")
            .withClassLoader(new FilteredClassLoader("com.google.protobuf"))
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(invalidProperty(context.getStartupFailure()).getMessage())
                    .contains("no protobuf serializer is available");
            });
    }

    @Test
    void missingOptionalLibrariesLeaveTheOtherSerializers() {
        contextRunner.withClassLoader(new FilteredClassLoader(FilteredClassLoader.PackageFilter.of("com.google.protobuf"),
                FilteredClassLoader.ClassFilter.of(MessagePackFactory.class)))
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(MessageBus.class).hasSingleBean(JsonMessageSerializer.class);
                assertThat(context).doesNotHaveBean(MessagePackMessageSerializer.class)
                    .doesNotHaveBean(ProtobufMessageSerializer.class);
            });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnSerializers() {
        MessagePackMessageSerializer msgpack = new MessagePackMessageSerializer();
        ProtobufMessageSerializer protobuf = new ProtobufMessageSerializer();
        contextRunner.withBean(MessagePackMessageSerializer.class, () -> msgpack)
            .withBean(ProtobufMessageSerializer.class, () -> protobuf)
            .run(context -> {
                assertThat(context.getBean(MessagePackMessageSerializer.class)).isSameAs(msgpack);
                assertThat(context.getBean(ProtobufMessageSerializer.class)).isSameAs(protobuf);
            });
    }

    private static Envelope publishAndCapture(ApplicationContext context, Object payload) {
        MemoryBroker broker = context.getBean(MemoryBroker.class);
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("tap", "out", null, 1), delivery -> {
            seen.add(delivery.envelope());
            delivery.ack();
        });
        context.getBean(MessageBus.class).publish("out", payload, Map.of()).join();
        Awaitility.await().until(() -> seen.size() == 1);
        return seen.get(0);
    }

    private static Envelope envelope(String topic, String contentType, byte[] data) {
        return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).contentType(contentType).data(data).build();
    }

    private static InvalidAmbPropertyException invalidProperty(Throwable failure) {
        Throwable current = failure;
        while (current != null && !(current instanceof InvalidAmbPropertyException)) {
            current = current.getCause();
        }
        assertThat(current).as("cause chain of %s", failure).isInstanceOf(InvalidAmbPropertyException.class);
        return (InvalidAmbPropertyException) current;
    }
}
