package dev.amb.spi.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryEnvelopeCodecTests {

    @Test
    void roundTripsEveryField() {
        Envelope envelope = Envelope.builder()
            .id("id-1")
            .topic("agents.tasks")
            .source("agent-ü")
            .time(Instant.parse("2026-11-21T10:15:30.123456789Z"))
            .contentType("application/json")
            .data("{\"a\":\"☃\"}".getBytes(StandardCharsets.UTF_8))
            .header("priority", "high")
            .header("empty", "")
            .extension("correlationid", "c-1")
            .extension("replyto", "amb.inbox.x")
            .build();

        Envelope decoded = BinaryEnvelopeCodec.decode(BinaryEnvelopeCodec.encode(envelope));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(envelope);
    }

    @Test
    void keepsAbsentAttributesAbsent() {
        Envelope envelope = Envelope.builder().id("id").topic("t").build();

        Envelope decoded = BinaryEnvelopeCodec.decode(BinaryEnvelopeCodec.encode(envelope));

        assertThat(decoded.source()).isNull();
        assertThat(decoded.time()).isNull();
        assertThat(decoded.contentType()).isNull();
        assertThat(decoded.data()).isEmpty();
        assertThat(decoded.headers()).isEmpty();
        assertThat(decoded.extensions()).isEmpty();
    }

    @Test
    void rejectsBytesThatAreNotAnEnvelope() {
        assertThatThrownBy(() -> BinaryEnvelopeCodec.decode("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("Not an AMB binary envelope");
    }

    @Test
    void rejectsTruncatedAndCorruptEnvelopesWithoutHugeAllocations() {
        byte[] encoded = BinaryEnvelopeCodec.encode(Envelope.builder().id("id").topic("t").data(new byte[100]).build());

        assertThatThrownBy(() -> BinaryEnvelopeCodec.decode(Arrays.copyOf(encoded, encoded.length - 10)))
            .isInstanceOf(MessageSerializationException.class);
        byte[] corrupt = encoded.clone();
        corrupt[4] = 0x7f; // the id's length (bytes 4 to 7) becomes enormous
        assertThatThrownBy(() -> BinaryEnvelopeCodec.decode(corrupt)).isInstanceOf(MessageSerializationException.class);
    }
}
