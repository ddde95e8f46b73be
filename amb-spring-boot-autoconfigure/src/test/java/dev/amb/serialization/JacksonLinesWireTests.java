package dev.amb.serialization;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON serializer's default mappers on Jackson 2 and on Jackson 3 write the same bytes and
 * read each other's. (The applications' own mappers, Spring Boot 3.5's and 4's, are checked by
 * {@code BootJsonWireTests} here and by the Boot 4 compatibility module.)
 */
class JacksonLinesWireTests {

    private final JsonMessageSerializer jackson2 = Jackson2Json.serializer(Jackson2Json.defaultObjectMapper());

    private final JsonMessageSerializer jackson3 = Jackson3Json.serializer(Jackson3Json.defaultJsonMapper());

    @Test
    void eachLineReadsWhatTheOtherWrites() {
        WirePayload payload = WirePayload.sample();

        assertThat(jackson3.deserialize(jackson2.serialize(payload), WirePayload.class)).usingRecursiveComparison()
            .isEqualTo(payload);
        assertThat(jackson2.deserialize(jackson3.serialize(payload), WirePayload.class)).usingRecursiveComparison()
            .isEqualTo(payload);
    }

    @Test
    void bothLinesWriteTheSameBytes() {
        WirePayload payload = WirePayload.sample();

        assertThat(new String(jackson3.serialize(payload), StandardCharsets.UTF_8))
            .isEqualTo(new String(jackson2.serialize(payload), StandardCharsets.UTF_8));
    }

    @Test
    void eachSerializerSaysWhichLineItIsOn() {
        assertThat(jackson3.jacksonLine()).isEqualTo("Jackson 3");
        assertThat(jackson3.mapper()).isInstanceOf(tools.jackson.databind.json.JsonMapper.class);
        assertThat(jackson2.jacksonLine()).isEqualTo("Jackson 2");
        assertThat(jackson2.mapper()).isInstanceOf(com.fasterxml.jackson.databind.ObjectMapper.class);
    }
}
