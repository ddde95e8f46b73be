package dev.amb.serialization;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

import dev.amb.MessageSerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonMessageSerializerTests {

    record Plan(String name, Instant at, LocalDate day, Duration budget, Optional<String> note, byte[] blob) {
    }

    record Version1(String name) {
    }

    private final JsonMessageSerializer serializer = new JsonMessageSerializer();

    @Test
    void roundTripsRecordsWithJavaTimeAndOptionals() {
        Plan plan = new Plan("p", Instant.parse("2026-11-21T10:00:00.5Z"), LocalDate.of(2026, 11, 21),
                Duration.ofMinutes(5), Optional.of("n"), new byte[] { 1, 2, 3 });

        Plan back = (Plan) serializer.deserialize(serializer.serialize(plan), Plan.class);

        assertThat(back).usingRecursiveComparison().isEqualTo(plan);
    }

    @Test
    void writesIsoDatesNotTimestamps() {
        String json = new String(serializer.serialize(Map.of("at", Instant.parse("2026-11-21T10:00:00Z"))),
                StandardCharsets.UTF_8);

        assertThat(json).contains("2026-11-21T10:00:00Z");
    }

    @Test
    void decodesGenericTypes() {
        var type = new ParameterizedTypeReference<Map<String, List<Version1>>>() {
        }.getType();

        Object decoded = serializer.deserialize("{\"a\":[{\"name\":\"x\"}]}".getBytes(StandardCharsets.UTF_8), type);

        assertThat(decoded).isEqualTo(Map.of("a", List.of(new Version1("x"))));
    }

    @Test
    void ignoresUnknownPropertiesSoOlderAgentsReadNewerMessages() {
        Object decoded = serializer.deserialize("{\"name\":\"x\",\"addedInV2\":42}".getBytes(StandardCharsets.UTF_8),
                Version1.class);

        assertThat(decoded).isEqualTo(new Version1("x"));
    }

    @Test
    void reportsUnreadableBytesNamingTheTargetType() {
        assertThatThrownBy(() -> serializer.deserialize("not json".getBytes(StandardCharsets.UTF_8), Version1.class))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("Version1");
    }

    @Test
    void readsJsonAndStructuredSuffixMediaTypes() {
        assertThat(serializer.canRead("application/json")).isTrue();
        assertThat(serializer.canRead("Application/JSON; charset=utf-8")).isTrue();
        assertThat(serializer.canRead("application/cloudevents+json")).isTrue();
        assertThat(serializer.canRead("application/msgpack")).isFalse();
    }
}
