package dev.amb.broker.nats;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

class NatsHeaderCodecTests {

    private static final byte[] JSON = "{\"task\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void writesTheCloudEventsNatsBindingInBinaryMode() {
        Envelope envelope = envelope().extension("correlationid", "c-1").build();

        Headers headers = NatsHeaderCodec.encode(envelope);

        assertThat(headers.getFirst("ce-specversion")).isEqualTo("1.0");
        assertThat(headers.getFirst("ce-id")).isEqualTo("id-1");
        assertThat(headers.getFirst("ce-source")).isEqualTo("planner");
        assertThat(headers.getFirst("ce-type")).isEqualTo("agents.tasks");
        assertThat(headers.getFirst("ce-time")).isEqualTo("2026-11-21T10:15:30.123Z");
        assertThat(headers.getFirst("ce-datacontenttype")).isEqualTo("application/json");
        assertThat(headers.getFirst("ce-correlationid")).isEqualTo("c-1");
        assertThat(headers.getFirst("priority")).isEqualTo("high");
    }

    @Test
    void roundTripsEveryAttributeExtensionAndHeader() {
        Envelope envelope = envelope().extension("replyto", "amb.inbox.a").header("note", "naïve – ☃ 日本語 \"q\" 100%")
            .build();

        Envelope decoded = NatsHeaderCodec.decode(message("agents.tasks", NatsHeaderCodec.encode(envelope)),
                "agents.tasks");

        assertThat(decoded.id()).isEqualTo("id-1");
        assertThat(decoded.source()).isEqualTo("planner");
        assertThat(decoded.time()).isEqualTo(envelope.time());
        assertThat(decoded.contentType()).isEqualTo("application/json");
        assertThat(decoded.extensions()).isEqualTo(envelope.extensions());
        assertThat(decoded.headers()).isEqualTo(envelope.headers());
        assertThat(decoded.data()).isEqualTo(JSON);
    }

    @Test
    void structuredModeWritesTheJsonEventFormatUnderOneContentTypeHeader() {
        Envelope envelope = envelope().extension("correlationid", "c-1").build();

        Message message = NatsHeaderCodec.message("agents.tasks", envelope, NatsContentMode.STRUCTURED, null);

        assertThat(message.getHeaders().keySet()).containsExactly("Content-Type");
        assertThat(message.getHeaders().getFirst("Content-Type")).isEqualTo("application/cloudevents+json");
        assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"specversion\":\"1.0\","
                + "\"id\":\"id-1\",\"source\":\"planner\",\"type\":\"agents.tasks\","
                + "\"time\":\"2026-11-21T10:15:30.123Z\",\"datacontenttype\":\"application/json\","
                + "\"correlationid\":\"c-1\",\"ambheaders\":\"{\\\"priority\\\":\\\"high\\\"}\","
                + "\"data\":{\"task\":\"x\"}}");
    }

    @Test
    void bothContentModesRoundTripEveryAttributeExtensionAndHeader() {
        Envelope envelope = envelope().extension("replyto", "amb.inbox.a").header("note", "naïve – ☃ 日本語 \"q\" 100%")
            .build();
        for (NatsContentMode mode : NatsContentMode.values()) {
            Envelope decoded = NatsHeaderCodec.decode(NatsHeaderCodec.message("agents.tasks", envelope, mode, null),
                    "agents.tasks");

            assertThat(decoded.id()).as(mode.name()).isEqualTo("id-1");
            assertThat(decoded.topic()).as(mode.name()).isEqualTo("agents.tasks");
            assertThat(decoded.source()).as(mode.name()).isEqualTo("planner");
            assertThat(decoded.time()).as(mode.name()).isEqualTo(envelope.time());
            assertThat(decoded.contentType()).as(mode.name()).isEqualTo("application/json");
            assertThat(decoded.extensions()).as(mode.name()).isEqualTo(envelope.extensions());
            assertThat(decoded.headers()).as(mode.name()).isEqualTo(envelope.headers());
            assertThat(decoded.data()).as(mode.name()).isEqualTo(JSON);
        }
    }

    @Test
    void aStreamMessageCarriesItsIdForDuplicateDetectionInBothContentModes() {
        for (NatsContentMode mode : NatsContentMode.values()) {
            Message message = NatsHeaderCodec.message("agents.tasks", envelope().build(), mode, "id-1");

            assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).as(mode.name()).isEqualTo("id-1");
            assertThat(NatsHeaderCodec.decode(message, "agents.tasks").headers()).as(mode.name())
                .isEqualTo(Map.of("priority", "high"));
        }
    }

    @Test
    void extensionNamesNatsCannotCarryAreEscapedAndComeBackUnchanged() {
        Envelope envelope = envelope().extension("my ext:1", "v").extension("tränen", "w").build();

        Headers headers = NatsHeaderCodec.encode(envelope);
        Message message = NatsMessage.builder().subject("agents.tasks").headers(headers).data(JSON).build();
        Envelope decoded = NatsHeaderCodec.decode(message, "agents.tasks");

        assertThat(headers.keySet()).contains("ce-my%20ext%3A1", "ce-tr%C3%A4nen");
        assertThat(decoded.extensions()).containsEntry("my ext:1", "v").containsEntry("tränen", "w");
    }

    @Test
    void percentEncodesAsTheBindingRequires() {
        assertThat(NatsHeaderCodec.percentEncode("Euro € 😀")).isEqualTo("Euro%20%E2%82%AC%20%F0%9F%98%80");
        assertThat(NatsHeaderCodec.percentEncode("plain-value_1")).isEqualTo("plain-value_1");
        assertThat(NatsHeaderCodec.percentDecode("Euro%20%e2%82%ac")).isEqualTo("Euro €");
        assertThat(NatsHeaderCodec.percentDecode("\"quoted \\\" value\"")).isEqualTo("quoted \" value");
    }

    @Test
    void invalidPercentEncodingIsTakenLiterally() {
        assertThat(NatsHeaderCodec.percentDecode("50% off")).isEqualTo("50% off");
        assertThat(NatsHeaderCodec.percentDecode("%C0%A0")).isEqualTo("%C0%A0");
    }

    @Test
    void userHeadersThatCouldCollideAreEscapedAndComeBackUnchanged() {
        Map<String, String> risky = Map.of("ce-id", "mine", "Nats-Msg-Id", "dup", "content-type", "text/plain",
                "a:b", "colon", "grüße", "umlaut", "amb-h-x", "prefix");
        Envelope envelope = envelope().headers(risky).build();

        Headers headers = NatsHeaderCodec.encode(envelope);
        Envelope decoded = NatsHeaderCodec.decode(message("agents.tasks", headers), "agents.tasks");

        assertThat(headers.getFirst("ce-id")).isEqualTo("id-1");
        assertThat(headers.keySet()).contains("amb-h-ce-id", "amb-h-Nats-Msg-Id", "amb-h-a%3Ab", "amb-h-gr%C3%BC%C3%9Fe");
        assertThat(decoded.id()).isEqualTo("id-1");
        assertThat(decoded.contentType()).isEqualTo("application/json");
        assertThat(decoded.headers()).containsAllEntriesOf(risky).containsEntry("priority", "high");
    }

    @Test
    void plainMessageBecomesAnEnvelopeOnItsSubject() {
        Envelope decoded = NatsHeaderCodec.decode(message("raw.topic", null), "raw.topic");

        assertThat(decoded.topic()).isEqualTo("raw.topic");
        assertThat(decoded.id()).isNotBlank();
        assertThat(decoded.source()).isNull();
        assertThat(decoded.contentType()).isNull();
        assertThat(decoded.data()).isEqualTo(JSON);
    }

    @Test
    void foreignHeadersBecomeUserHeadersAndContentTypeStandsInForDatacontenttype() {
        Headers headers = new Headers().put("Content-Type", "application/json").put("X-Trace", "t-1")
            .put("Nats-Msg-Id", "m-1").put("ce-time", "yesterday");

        Envelope decoded = NatsHeaderCodec.decode(message("raw.topic", headers), "raw.topic");

        assertThat(decoded.contentType()).isEqualTo("application/json");
        assertThat(decoded.headers()).isEqualTo(Map.of("X-Trace", "t-1"));
        assertThat(decoded.time()).isNull();
    }

    @Test
    void structuredModeIsReadFromTheJsonEventFormat() {
        byte[] structured = ("{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"/x\",\"type\":\"com.example\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"a\":1}}").getBytes(StandardCharsets.UTF_8);
        Message message = NatsMessage.builder().subject("agents.events")
            .headers(new Headers().put("Content-Type", "application/cloudevents+json"))
            .data(structured)
            .build();

        Envelope decoded = NatsHeaderCodec.decode(message, "agents.events");

        assertThat(decoded.id()).isEqualTo("s-1");
        assertThat(decoded.topic()).isEqualTo("agents.events");
        assertThat(new String(decoded.data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void aMessageAnnouncedAsStructuredThatIsNoCloudEventKeepsItsBytesUnderThatContentType() {
        for (String body : new String[] { "{\"id\":\"no-specversion\",\"data\":1}", "not json", "" }) {
            Message message = NatsMessage.builder().subject("agents.events")
                .headers(new Headers().put("Content-Type", "application/cloudevents+json"))
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build();

            Envelope decoded = NatsHeaderCodec.decode(message, "agents.events");

            assertThat(decoded.contentType()).as(body).isEqualTo("application/cloudevents+json");
            assertThat(decoded.data()).as(body).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertThat(decoded.topic()).as(body).isEqualTo("agents.events");
        }
    }

    @Test
    void readsTheTimeAmbWritesAndAnyOtherRfc3339Form() {
        Instant instant = Instant.parse("2026-11-21T10:15:30.123456789Z");
        for (Instant time : new Instant[] { instant, Instant.parse("2026-11-21T10:15:30Z"),
                Instant.parse("2026-02-28T23:59:59.5Z") }) {
            assertThat(NatsHeaderCodec.decode(message("t", new Headers().put("ce-time", time.toString())), "t").time())
                .isEqualTo(time);
        }
        assertThat(NatsHeaderCodec.decode(message("t", new Headers().put("ce-time", "2026-02-30T10:15:30Z")), "t").time())
            .isNull();
        Headers headers = new Headers().put("ce-time", "2026-11-21T11:15:30.5+01:00");
        assertThat(NatsHeaderCodec.decode(message("t", headers), "t").time())
            .isEqualTo(Instant.parse("2026-11-21T10:15:30.5Z"));
    }

    private static Envelope.Builder envelope() {
        return Envelope.builder()
            .id("id-1")
            .topic("agents.tasks")
            .source("planner")
            .time(Instant.parse("2026-11-21T10:15:30.123Z"))
            .contentType("application/json")
            .header("priority", "high")
            .data(JSON);
    }

    private static Message message(String subject, Headers headers) {
        return NatsMessage.builder().subject(subject).headers(headers).data(JSON).build();
    }
}
