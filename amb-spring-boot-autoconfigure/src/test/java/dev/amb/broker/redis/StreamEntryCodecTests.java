package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

class StreamEntryCodecTests {

    @Test
    void roundTripKeepsEveryAttributeExtensionHeaderAndTheData() {
        Envelope envelope = Envelope.builder()
            .id("id-1")
            .topic("orders.created")
            .source("agent-7")
            .time(Instant.parse("2026-11-21T10:15:30.123456Z"))
            .contentType("application/json")
            .data("{\"n\":1}".getBytes(StandardCharsets.UTF_8))
            .extension("correlationid", "c-1")
            .extension("replyto", "amb.inbox.a.b")
            .header("priority", "high")
            .header("data", "a header called data")
            .header("ce_id", "a header that looks like an attribute")
            .header("h_x", "a header that looks escaped")
            .build();

        Map<String, byte[]> fields = StreamEntryCodec.encode(envelope);
        Envelope decoded = StreamEntryCodec.decode("orders.created", "1-0", fields);

        assertThat(decoded.id()).isEqualTo("id-1");
        assertThat(decoded.topic()).isEqualTo("orders.created");
        assertThat(decoded.source()).isEqualTo("agent-7");
        assertThat(decoded.time()).isEqualTo(envelope.time());
        assertThat(decoded.contentType()).isEqualTo("application/json");
        assertThat(decoded.data()).isEqualTo(envelope.data());
        assertThat(decoded.extensions()).isEqualTo(envelope.extensions());
        assertThat(decoded.headers()).isEqualTo(envelope.headers());
    }

    @Test
    void writesCloudEventsBinaryModeFieldsThatPlainClientsCanRead() {
        Envelope envelope = Envelope.builder().id("id-2").topic("t").source("s").contentType("application/json")
            .data("{}".getBytes(StandardCharsets.UTF_8)).header("priority", "high").header("data", "x").build();

        Map<String, byte[]> fields = StreamEntryCodec.encode(envelope);

        assertThat(fields.keySet()).containsExactly("ce_specversion", "ce_id", "ce_source", "ce_type",
                "ce_datacontenttype", "priority", "h_data", "data");
        assertThat(new String(fields.get("ce_specversion"), StandardCharsets.UTF_8)).isEqualTo("1.0");
        assertThat(new String(fields.get("data"), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void plainEntryBecomesAnEnvelopeWithTheEntryIdAndOtherFieldsAsHeaders() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("data", "{\"id\":\"p-1\"}".getBytes(StandardCharsets.UTF_8));
        fields.put("origin", "redis-cli".getBytes(StandardCharsets.UTF_8));
        fields.put("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));

        Envelope decoded = StreamEntryCodec.decode("plain.topic", "1700000000000-3", fields);

        assertThat(decoded.id()).isEqualTo("1700000000000-3");
        assertThat(decoded.topic()).isEqualTo("plain.topic");
        assertThat(decoded.source()).isNull();
        assertThat(decoded.time()).as("an unparsable time is dropped, not fatal").isNull();
        assertThat(decoded.contentType()).isNull();
        assertThat(decoded.headers()).containsExactly(Map.entry("origin", "redis-cli"));
        assertThat(new String(decoded.data(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"p-1\"}");
    }

    @Test
    void aMessageWithoutSourceIsWrittenWithTheUnknownSourceAndReadsBackWithout() {
        Envelope envelope = Envelope.builder().id("id-3").topic("t").data(new byte[0]).build();

        Map<String, byte[]> fields = StreamEntryCodec.encode(envelope);

        assertThat(new String(fields.get("ce_source"), StandardCharsets.UTF_8)).isEqualTo("urn:amb:unknown");
        assertThat(StreamEntryCodec.decode("t", "1-0", fields).source()).isNull();
    }

    @Test
    void anotherSpecVersionIsNotReadAsOnePointZero() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("ce_specversion", "0.3".getBytes(StandardCharsets.UTF_8));
        fields.put("ce_id", "e-1".getBytes(StandardCharsets.UTF_8));
        fields.put("ce_datacontenttype", "application/json".getBytes(StandardCharsets.UTF_8));
        fields.put("data", "{}".getBytes(StandardCharsets.UTF_8));

        Envelope envelope = StreamEntryCodec.decode("t", "1-0", fields);

        assertThat(envelope.contentType()).isEqualTo("application/cloudevents+json");
        assertThat(envelope.id()).isEqualTo("e-1");
    }
}
