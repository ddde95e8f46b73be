package dev.amb.broker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudEvents Kafka binding in binary mode, both ways.
 */
class KafkaRecordCodecTests {

    @Test
    void envelopeRoundTripsThroughCeHeadersAndContentType() {
        Envelope envelope = Envelope.builder().id("id-1").topic("orders.created").source("agent-1")
            .time(Instant.parse("2026-12-06T10:15:30.123Z")).contentType("application/json")
            .extension("correlationid", "c-1").extension("partitionkey", "customer-7")
            .header("trace", "abc").header("ce_sneaky", "x").header("Content-Type", "text/plain").header("ünï", "cödé")
            .data("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).build();

        Headers headers = KafkaRecordCodec.headers(envelope);

        assertThat(text(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(headers, "ce_id")).isEqualTo("id-1");
        assertThat(text(headers, "ce_type")).isEqualTo("orders.created");
        assertThat(text(headers, "ce_source")).isEqualTo("agent-1");
        assertThat(text(headers, "ce_time")).isEqualTo("2026-12-06T10:15:30.123Z");
        assertThat(text(headers, "content-type")).isEqualTo("application/json");
        assertThat(text(headers, "ce_correlationid")).isEqualTo("c-1");
        assertThat(text(headers, "amb-h-ce_sneaky")).isEqualTo("x");
        assertThat(text(headers, "amb-h-Content-Type")).isEqualTo("text/plain");
        assertThat(new String(KafkaRecordCodec.key(envelope), StandardCharsets.UTF_8)).isEqualTo("customer-7");

        Envelope read = KafkaRecordCodec.decode(record(headers, envelope.data(), 5L), "orders.created");
        assertThat(read.id()).isEqualTo("id-1");
        assertThat(read.source()).isEqualTo("agent-1");
        assertThat(read.time()).isEqualTo(envelope.time());
        assertThat(read.contentType()).isEqualTo("application/json");
        assertThat(read.extensions()).isEqualTo(envelope.extensions());
        assertThat(read.headers()).isEqualTo(envelope.headers());
        assertThat(read.data()).isEqualTo(envelope.data());
    }

    @Test
    void plainRecordGetsAnIdTheRecordTimeAndItsHeadersAsUserHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("tenant", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        Envelope read = KafkaRecordCodec.decode(record(headers, "{}".getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L),
                "plain.orders");
        assertThat(read.id()).isNotBlank();
        assertThat(read.source()).isNull();
        assertThat(read.topic()).isEqualTo("plain.orders");
        assertThat(read.time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.contentType()).isEqualTo("application/json");
        assertThat(read.headers()).isEqualTo(Map.of("tenant", "t-1"));
    }

    @Test
    void invalidStructuredEventBecomesARawEnvelope() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        byte[] junk = "not json".getBytes(StandardCharsets.UTF_8);
        Envelope read = KafkaRecordCodec.decode(record(headers, junk, -1L), "t");
        assertThat(read.data()).isEqualTo(junk);
        assertThat(read.contentType()).isEqualTo("application/cloudevents+json");
    }

    @Test
    void nullValueIsAnEmptyPayload() {
        Envelope read = KafkaRecordCodec.decode(record(new RecordHeaders(), null, -1L), "t");
        assertThat(read.data()).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> record(Headers headers, byte[] value, long timestamp) {
        return new ConsumerRecord<>("t", 0, 0L, timestamp, TimestampType.CREATE_TIME, -1, value == null ? -1 : value.length,
                null, value, headers, Optional.empty());
    }

    private static String text(Headers headers, String name) {
        Map<String, String> all = new HashMap<>();
        for (Header header : headers) {
            all.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return all.get(name);
    }
}
