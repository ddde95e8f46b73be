package dev.amb.spi.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StructuredEnvelopeCodecTests {

    @Test
    void textThatIsNotUtf8AndInvalidJsonUnderTextJsonArriveUnchanged() {
        // found by EnvelopeCodecFuzzTests: both were written as a JSON string and read back altered
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        byte[] notJson = "{\"unterminated\": ".getBytes(StandardCharsets.UTF_8);
        for (Envelope sent : new Envelope[] {
            Envelope.builder().id("1").topic("t").contentType("text/plain").data(latin1).build(),
            Envelope.builder().id("2").topic("t").contentType("text/json").data(notJson).build() }) {
            Envelope read = StructuredEnvelopeCodec.decode(StructuredEnvelopeCodec.encode(sent), "t");
            assertThat(read.data()).isEqualTo(sent.data());
            assertThat(read.contentType()).isEqualTo(sent.contentType());
        }
    }

    @Test
    void jsonPayloadIsEmbeddedAndComesBackByteForByte() {
        String payload = "{\"pi\":3.14159265358979323846264338327950288,\"big\":123456789012345678901234567890,"
                + "\"text\":\"Grüße ☃\",\"list\":[1,2,{\"x\":null}]}";
        Envelope envelope = base().contentType("application/json").data(utf8(payload)).build();

        byte[] encoded = StructuredEnvelopeCodec.encode(envelope);
        Envelope decoded = StructuredEnvelopeCodec.decode(encoded, "ignored");

        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"data\":" + payload);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(envelope);
    }

    @Test
    void jsonStringPayloadKeepsItsQuotes() {
        Envelope envelope = base().contentType("application/json").data(utf8("\"hello\"")).build();

        Envelope decoded = StructuredEnvelopeCodec.decode(StructuredEnvelopeCodec.encode(envelope), "t");

        assertThat(new String(decoded.data(), StandardCharsets.UTF_8)).isEqualTo("\"hello\"");
    }

    @Test
    void textPayloadTravelsAsAJsonString() {
        Envelope envelope = base().contentType("text/plain; charset=utf-8").data(utf8("line one\nline \"two\"")).build();

        byte[] encoded = StructuredEnvelopeCodec.encode(envelope);

        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"data\":\"line one\\nline \\\"two\\\"\"");
        assertThat(StructuredEnvelopeCodec.decode(encoded, "t")).usingRecursiveComparison().isEqualTo(envelope);
    }

    @Test
    void binaryPayloadTravelsAsBase64() {
        byte[] binary = { 0, 1, 2, (byte) 0xff, (byte) 0xfe };
        Envelope envelope = base().contentType("application/msgpack").data(binary).build();

        byte[] encoded = StructuredEnvelopeCodec.encode(envelope);

        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"data_base64\":\"AAEC//4=\"");
        assertThat(StructuredEnvelopeCodec.decode(encoded, "t").data()).isEqualTo(binary);
    }

    @Test
    void jsonContentTypeWithInvalidJsonFallsBackToBase64() {
        Envelope envelope = base().contentType("application/json").data(utf8("{not json")).build();

        byte[] encoded = StructuredEnvelopeCodec.encode(envelope);

        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("data_base64");
        assertThat(StructuredEnvelopeCodec.decode(encoded, "t").data()).isEqualTo(utf8("{not json"));
    }

    @Test
    void userHeadersTravelInOneStringExtensionAndExtensionsAtTopLevel() {
        Envelope envelope = base().header("Priority", "high").header("x-trace id", "a\"b")
            .extension("correlationid", "c-1").extension("replyto", "amb.inbox.a.b").build();

        byte[] encoded = StructuredEnvelopeCodec.encode(envelope);
        String json = new String(encoded, StandardCharsets.UTF_8);

        assertThat(json).contains("\"correlationid\":\"c-1\"", "\"replyto\":\"amb.inbox.a.b\"", "\"ambheaders\":\"{");
        assertThat(StructuredEnvelopeCodec.decode(encoded, "t")).usingRecursiveComparison().isEqualTo(envelope);
    }

    @Test
    void anEventFromAnotherProducerIsReadWhateverTheMemberOrder() {
        String event = "{\"data\":{\"k\":1},\"type\":\"orders.created\",\"id\":\"e-1\",\"source\":\"/shop\","
                + "\"specversion\":\"1.0\",\"time\":\"2026-11-21T12:00:00+01:00\",\"subject\":\"o-7\"}";

        Envelope decoded = StructuredEnvelopeCodec.decode(utf8(event), "channel");

        assertThat(decoded.id()).isEqualTo("e-1");
        assertThat(decoded.topic()).isEqualTo("orders.created");
        assertThat(decoded.source()).isEqualTo("/shop");
        assertThat(decoded.time()).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(decoded.contentType()).isEqualTo("application/json");
        assertThat(decoded.data()).isEqualTo(utf8("{\"k\":1}"));
        assertThat(decoded.extensions()).containsEntry("subject", "o-7");
    }

    @Test
    void plainJsonFromAPlainClientBecomesTheDataOfAnEnvelopeOnItsChannel() {
        byte[] plain = utf8("{\"id\":\"x\",\"priority\":2}");

        Envelope decoded = StructuredEnvelopeCodec.decode(plain, "agents.tasks");

        assertThat(decoded.topic()).isEqualTo("agents.tasks");
        assertThat(decoded.data()).isEqualTo(plain);
        assertThat(decoded.contentType()).isNull();
        assertThat(decoded.source()).isNull();
        assertThat(decoded.id()).isNotBlank();
        assertThat(StructuredEnvelopeCodec.decode(utf8("just text"), "t").data()).isEqualTo(utf8("just text"));
    }

    @Test
    void aCloudEventOfAnotherSpecVersionIsRejectedNamingIt() {
        assertThatThrownBy(() -> StructuredEnvelopeCodec.decode(utf8("{\"specversion\":\"0.3\",\"id\":\"1\"}"), "t"))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("'0.3'");
    }

    @Test
    void missingSourceIsWrittenAsTheUnknownUrnAndReadBackAsAbsent() {
        Envelope envelope = Envelope.builder().id("i").topic("t").build();

        byte[] encoded = StructuredEnvelopeCodec.encode(envelope);

        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"source\":\"urn:amb:unknown\"");
        assertThat(StructuredEnvelopeCodec.decode(encoded, "t").source()).isNull();
    }

    @Test
    void sourceThatIsNotAUriReferenceIsPercentEncodedAndValidOnesAreKept() {
        Envelope spaced = Envelope.builder().id("i").topic("t").source("Planner Agent ü").build();
        Envelope valid = Envelope.builder().id("i").topic("t").source("/agents/planner-ü?x=1").build();

        assertThat(StructuredEnvelopeCodec.decode(StructuredEnvelopeCodec.encode(spaced), "t").source())
            .isEqualTo("Planner%20Agent%20%C3%BC");
        assertThat(StructuredEnvelopeCodec.decode(StructuredEnvelopeCodec.encode(valid), "t").source())
            .isEqualTo("/agents/planner-ü?x=1");
    }

    private static Envelope.Builder base() {
        return Envelope.builder()
            .id("id-1")
            .topic("agents.tasks")
            .source("planner-1")
            .time(Instant.parse("2026-11-21T10:15:30.123Z"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNullAttributeIsAbsentNotTheStringNull() {
        byte[] json = utf8("{\"specversion\":\"1.0\",\"id\":\"n-1\",\"type\":\"t\",\"source\":null,"
                + "\"subject\":null,\"data\":{}}");

        Envelope envelope = StructuredEnvelopeCodec.decode(json, "t", true);

        assertThat(envelope.source()).isNull();
        assertThat(envelope.extensions()).doesNotContainKey("subject");
    }
}
