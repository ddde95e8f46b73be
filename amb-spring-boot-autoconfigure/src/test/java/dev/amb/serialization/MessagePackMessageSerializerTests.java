package dev.amb.serialization;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.value.Value;
import org.msgpack.value.ValueType;
import org.springframework.core.ParameterizedTypeReference;

import dev.amb.MessageSerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagePackMessageSerializerTests {

    record Plan(String name, Instant at, LocalDate day, Duration budget, Optional<String> note, byte[] blob) {
    }

    record Step(String title, int order) {
    }

    record Version1(String name) {
    }

    private final MessagePackMessageSerializer serializer = new MessagePackMessageSerializer();

    @Test
    void roundTripsRecordsWithJavaTimeOptionalsUnicodeAndBinary() {
        Plan plan = new Plan("Grüße ☃ 計画 🚀", Instant.parse("2026-11-21T10:00:00.123456789Z"), LocalDate.of(2026, 11, 21),
                Duration.ofMinutes(5), Optional.of("n"), new byte[] { 0, 1, (byte) 0x80, (byte) 0xff });

        Plan back = (Plan) serializer.deserialize(serializer.serialize(plan), Plan.class);

        assertThat(back).usingRecursiveComparison().isEqualTo(plan);
    }

    @Test
    void roundTripsGenericTypes() {
        Map<String, List<Step>> steps = Map.of("a", List.of(new Step("one", 1), new Step("two", 2)), "b", List.of());
        var type = new ParameterizedTypeReference<Map<String, List<Step>>>() {
        }.getType();

        Object back = serializer.deserialize(serializer.serialize(steps), type);

        assertThat(back).isEqualTo(steps);
    }

    @Test
    void writesMessagePackWithBinaryFieldsAsBinValues() throws Exception {
        byte[] blob = { 1, 2, 3, (byte) 0xfe };
        byte[] encoded = serializer.serialize(Map.of("blob", blob));

        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(encoded)) {
            Value value = unpacker.unpackValue();
            assertThat(value.getValueType()).isEqualTo(ValueType.MAP);
            Value field = value.asMapValue().map().get(org.msgpack.value.ValueFactory.newString("blob"));
            assertThat(field.getValueType()).isEqualTo(ValueType.BINARY);
            assertThat(field.asBinaryValue().asByteArray()).isEqualTo(blob);
        }
        String base64 = Base64.getEncoder().encodeToString(blob);
        assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).doesNotContain(base64);
    }

    @Test
    void isSmallerThanJsonForTheSamePayload() {
        Plan plan = new Plan("plan", Instant.parse("2026-11-21T10:00:00Z"), LocalDate.of(2026, 11, 21),
                Duration.ofMinutes(5), Optional.empty(), new byte[64]);

        byte[] json = new JsonMessageSerializer().serialize(plan);
        byte[] msgpack = serializer.serialize(plan);

        assertThat(msgpack.length).isLessThan(json.length);
    }

    @Test
    void usesTheDataBindingOfTheGivenMapperWithoutChangingIt() {
        ObjectMapper application = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
        MessagePackMessageSerializer snake = new MessagePackMessageSerializer(application);
        record Named(String firstName) {
        }

        byte[] encoded = snake.serialize(new Named("Ada"));

        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("first_name");
        assertThat(snake.deserialize(encoded, Named.class)).isEqualTo(new Named("Ada"));
        assertThat(application.getFactory().getFormatName()).isEqualTo("JSON");
        assertThat(snake.objectMapper()).isNotSameAs(application);
        assertThat(snake.objectMapper().getFactory()).isInstanceOf(MessagePackFactory.class);
    }

    @Test
    void copyOfTheMessagePackMapperStaysMessagePack() throws Exception {
        ObjectMapper copy = serializer.objectMapper().copy();

        assertThat(copy.getFactory()).isInstanceOf(MessagePackFactory.class);
        assertThat(copy.readValue(copy.writeValueAsBytes(new Version1("x")), Version1.class)).isEqualTo(new Version1("x"));
    }

    @Test
    void ignoresUnknownPropertiesSoOlderAgentsReadNewerMessages() {
        byte[] newer = serializer.serialize(Map.of("name", "x", "addedInV2", 42));

        assertThat(serializer.deserialize(newer, Version1.class)).isEqualTo(new Version1("x"));
    }

    @Test
    void readsItsOwnAndTheLegacyMediaTypeOnly() {
        assertThat(serializer.contentType()).isEqualTo("application/msgpack");
        assertThat(serializer.contentTypeFor(new Version1("x"))).isEqualTo("application/msgpack");
        assertThat(serializer.canRead("application/msgpack")).isTrue();
        assertThat(serializer.canRead("Application/X-MsgPack")).isTrue();
        assertThat(serializer.canRead("application/json")).isFalse();
    }

    @Test
    void corruptBytesAreASerializationExceptionNamingTheTargetType() {
        byte[] truncated = Arrays.copyOf(serializer.serialize(new Version1("a long enough name")), 6);

        assertThatThrownBy(() -> serializer.deserialize(truncated, Version1.class))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("MessagePack")
            .hasMessageContaining("Version1");
        assertThatThrownBy(() -> serializer.deserialize(new byte[] { (byte) 0xc1 }, Version1.class))
            .isInstanceOf(MessageSerializationException.class);
        assertThatThrownBy(() -> serializer.deserialize("{\"name\":\"json\"}".getBytes(StandardCharsets.UTF_8),
                Version1.class))
            .isInstanceOf(MessageSerializationException.class);
    }
}
