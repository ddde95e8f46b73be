package dev.amb.kit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.BinaryEnvelopeCodec;
import dev.amb.spi.support.StructuredEnvelopeCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input for the fuzz tests of the wire codecs and of the inbound pipeline, drawn from a
 * {@link Random} so that a seed reproduces a run: random and mutated bytes (truncated, bit-flipped,
 * spliced), structured CloudEvents with wrong attribute types, missing or invalid attributes and
 * bad {@code data_base64}, non-UTF-8 bytes, huge and hostile header names and values (control
 * characters, CRLF, percent signs, broker prefixes, forged {@code amb-dlq-*}), and wrong content
 * types. {@code jqwik} properties wrap these with {@code Arbitraries.randomValue}; the bus and
 * broker fuzz tests call them in a seeded loop.
 */
public final class FuzzInputs {

    /** Content types a message may claim, right and wrong. */
    private static final String[] CONTENT_TYPES = { "application/json", "application/json; charset=utf-8",
        "application/cloudevents+json", "APPLICATION/CLOUDEVENTS+JSON; charset=UTF-8", "text/plain",
        "application/x-msgpack", "application/msgpack", "application/protobuf", "application/x-protobuf", "",
        "garbage/;;;", "application/json; charset=latin1", "text/json", "application/vnd.x+json", ";", "*/*" };

    /** Header names brokers and the bus give a meaning to. */
    private static final String[] SPECIAL_NAMES = { "ce_id", "ce-id", "ce_specversion", "ce-specversion", "ce_time",
        "ce-time", "ce_type", "ce_source", "ce_datacontenttype", "ce-datacontenttype", "ce_correlationid",
        "ce-replyto", "ce_ambattempt", "content-type", "Content-Type", "amb-h-", "amb-h-x", "amb-h-%ZZ",
        "cloudEvents:id", "cloudEvents_time", "cloudEvents:specversion", "h_", "data", "nats-expected-stream",
        AmbHeaders.DEAD_LETTER_REASON, AmbHeaders.DEAD_LETTER_TOPIC, "traceparent", "ambheaders", "x-death" };

    private static final String[] SPECIAL_VALUES = { "", " ", "%", "%Z", "%ZZ", "%00", "%E2%82", "\"", "\"\"",
        "null", "1.0", "0.3", "2.0", "not-a-time", "2024-13-45T99:99:99Z", "+999999999-12-31T23:59:59Z",
        "2024-01-01T00:00:00+25:00", "9999999999999999999999", "-1", "\r\n", "a\r\nInjected: yes", "\u0000",
        "\uD800", "\uFFFF", "urn:amb:unknown", "amb.inbox.x.y", "{\"a\":1}", "[1,2]" };

    private FuzzInputs() {
    }

    /** @return any bytes: random, text, non-UTF-8, structured events or AMB binary envelopes, often mutated */
    public static byte[] bytes(Random random) {
        byte[] base = switch (random.nextInt(6)) {
            case 0 -> randomBytes(random, random.nextInt(64));
            case 1 -> nonUtf8(random);
            case 2 -> structuredEvent(random);
            case 3 -> BinaryEnvelopeCodec.encode(envelope(random, "fuzz.topic"));
            case 4 -> jsonPayload(random).getBytes(StandardCharsets.UTF_8);
            default -> text(random, 200).getBytes(StandardCharsets.UTF_8);
        };
        return random.nextInt(3) == 0 ? base : mutate(random, base);
    }

    /** @return the bytes truncated, bit-flipped, with bytes inserted or removed, or spliced with random ones */
    public static byte[] mutate(Random random, byte[] bytes) {
        byte[] out = bytes.clone();
        int rounds = 1 + random.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            switch (random.nextInt(5)) {
                case 0 -> out = Arrays.copyOf(out, out.length == 0 ? 0 : random.nextInt(out.length));
                case 1 -> {
                    if (out.length > 0) {
                        out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> {
                    int at = random.nextInt(out.length + 1);
                    byte[] inserted = randomBytes(random, 1 + random.nextInt(8));
                    byte[] joined = new byte[out.length + inserted.length];
                    System.arraycopy(out, 0, joined, 0, at);
                    System.arraycopy(inserted, 0, joined, at, inserted.length);
                    System.arraycopy(out, at, joined, at + inserted.length, out.length - at);
                    out = joined;
                }
                case 3 -> {
                    if (out.length > 1) {
                        int from = random.nextInt(out.length);
                        int to = from + random.nextInt(out.length - from);
                        byte[] cut = new byte[out.length - (to - from)];
                        System.arraycopy(out, 0, cut, 0, from);
                        System.arraycopy(out, to, cut, from, out.length - to);
                        out = cut;
                    }
                }
                default -> {
                    if (out.length > 4) {
                        int at = random.nextInt(out.length - 4);
                        // a length field of the binary form, or any 4 bytes, set to an extreme
                        int value = new int[] { -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 0 }[random.nextInt(5)];
                        out[at] = (byte) (value >>> 24);
                        out[at + 1] = (byte) (value >>> 16);
                        out[at + 2] = (byte) (value >>> 8);
                        out[at + 3] = (byte) value;
                    }
                }
            }
        }
        return out;
    }

    /** @return a structured CloudEvent in JSON whose attributes may be missing, mistyped, invalid or huge */
    public static byte[] structuredEvent(Random random) {
        Map<String, String> members = new LinkedHashMap<>(); // name -> JSON value text
        members.put("specversion", pick(random, "\"1.0\"", "\"1.0\"", "\"1.0\"", "\"0.3\"", "1.0", "null", "{}", "\"\""));
        maybe(random, members, "id", jsonString(random));
        maybe(random, members, "source", jsonString(random));
        maybe(random, members, "type", pick(random, "\"fuzz.topic\"", "\"other.topic\"", "\"bad topic!\"", "7", "[]"));
        maybe(random, members, "time", pick(random, "\"2024-05-01T10:00:00Z\"", "\"2024-05-01T10:00:00.123456789+02:00\"",
                "\"yesterday\"", "\"+999999999-12-31T23:59:59Z\"", "12345", "true", "\"2024-02-30T00:00:00Z\""));
        maybe(random, members, "datacontenttype", random.nextBoolean() ? jsonQuote(pick(random, CONTENT_TYPES)) : "42");
        maybe(random, members, "correlationid", jsonString(random));
        maybe(random, members, "replyto", jsonString(random));
        maybe(random, members, "ambattempt", pick(random, "\"2\"", "\"-5\"", "\"x\"", "99999999999"));
        maybe(random, members, StructuredEnvelopeCodec.HEADERS_EXTENSION, pick(random, "\"{\\\"a\\\":\\\"b\\\"}\"",
                "\"not json\"", "\"[1]\"", "{\"nested\":true}", "\"{\\\"a\\\":{\\\"deep\\\":1}}\"", "\"{\\\"\\\":\\\"\\\"}\""));
        switch (random.nextInt(4)) {
            case 0 -> members.put("data", jsonPayload(random));
            case 1 -> members.put("data_base64", pick(random, "\"" + Base64.getEncoder()
                .encodeToString(randomBytes(random, 20)) + "\"", "\"!!not base64!!\"", "17", "\"\""));
            case 2 -> members.put("data", jsonString(random));
            default -> {
                // no data at all
            }
        }
        if (random.nextInt(10) == 0) {
            members.put(text(random, 30), jsonString(random));
        }
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(jsonQuote(name)).append(':')
            .append(value));
        if (random.nextInt(10) == 0) {
            json.append(",\"id\":\"duplicate\"");
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return JSON text: a {@link KitPayloads.Numbered} most of the time, else a value of another shape */
    public static String jsonPayload(Random random) {
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> "{\"publisher\":" + jsonString(random) + ",\"sequence\":" + random.nextInt() + "}";
            case 3 -> "{\"publisher\":[1,2],\"sequence\":\"not a number\"}";
            case 4 -> "{\"sequence\":" + "9".repeat(1 + random.nextInt(40)) + "}";
            case 5 -> pick(random, "null", "true", "[]", "\"text\"", "3.5", "{}", "[{\"a\":", "{\"publisher\":\"x\"");
            case 6 -> "[".repeat(1 + random.nextInt(2000)); // deep nesting
            default -> "{\"publisher\":\"" + "p".repeat(huge(random)) + "\",\"sequence\":1}";
        };
    }

    /**
     * @return a valid envelope on {@code topic} with hostile but legal content: any content type, any
     *         data, headers whose names and values are strange but allowed by the bus
     */
    public static Envelope envelope(Random random, String topic) {
        Envelope.Builder builder = Envelope.builder()
            .id(random.nextInt(10) == 0 ? validText(random, 50) : "fuzz-" + random.nextLong())
            .topic(topic)
            .source(random.nextBoolean() ? null : pick(random, "planner-1", "agent.x_y", "a:b@c/d", "Agent.9",
                    "worker-" + random.nextInt(1_000_000)))
            .time(random.nextBoolean() ? null : Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000)))
            .contentType(random.nextInt(4) == 0 ? null : senderContentType(random))
            .data(random.nextBoolean() ? jsonPayload(random).getBytes(StandardCharsets.UTF_8) : bytes(random));
        int headers = random.nextInt(6);
        for (int i = 0; i < headers; i++) {
            builder.header(legalHeaderName(random), legalHeaderValue(random));
        }
        if (random.nextInt(4) == 0) {
            builder.extension(pick(random, AmbHeaders.EXT_CORRELATION_ID, "traceparent", "fuzzext"), legalHeaderValue(random));
        }
        return builder.build();
    }

    /** @return a content type a serializer may name (never a structured CloudEvent's, which only codecs write) */
    private static String senderContentType(Random random) {
        String type = pick(random, CONTENT_TYPES);
        return type.toLowerCase(java.util.Locale.ROOT).contains("cloudevents") ? "application/json" : type;
    }

    /** @return a header name the bus accepts on publish (no spaces, no control characters, not reserved) but strange */
    public static String legalHeaderName(Random random) {
        String name = switch (random.nextInt(5)) {
            case 0 -> "x-" + random.nextInt(1000);
            case 1 -> validText(random, 20).replaceAll("[\\s\\p{Cntrl}]", "_");
            case 2 -> pick(random, "%41", "a:b", "\"quoted\"", "ü-ñ-日本", "emoji-\uD83D\uDE00", "ce_id", "amb-h-x", "Content-Type",
                    "h_x", "UPPER", "dots.in.name", "semi;colon", "=eq", "nats-x");
            case 3 -> "n".repeat(1 + random.nextInt(300));
            default -> "h" + random.nextInt(10);
        };
        name = name.isEmpty() || name.regionMatches(true, 0, AmbHeaders.DEAD_LETTER_PREFIX, 0, 8) ? "x" + name : name;
        return name.regionMatches(true, 0, AmbHeaders.REPUBLISHED_FROM, 0, AmbHeaders.REPUBLISHED_FROM.length())
                ? "x" + name : name;
    }

    /** @return a header name as a non-AMB producer might send it: anything, including empty, huge and control characters */
    public static String hostileHeaderName(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> pick(random, SPECIAL_NAMES);
            case 1 -> pick(random, SPECIAL_NAMES) + text(random, 10);
            case 2 -> "";
            case 3 -> "N".repeat(1 + huge(random));
            default -> text(random, 40);
        };
    }

    /** @return a header value: special, random text, huge or empty */
    public static String headerValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> pick(random, SPECIAL_VALUES);
            case 1 -> text(random, 60);
            case 2 -> "v".repeat(huge(random));
            case 3 -> pick(random, CONTENT_TYPES);
            default -> "value-" + random.nextInt(100);
        };
    }

    /** @return a header value a sender can encode: like {@link #headerValue(Random)}, but valid Unicode (no lone surrogates) */
    public static String legalHeaderValue(Random random) {
        return random.nextInt(3) == 0 ? validText(random, 60) : headerValue(random).replaceAll("[\\uD800-\\uDFFF]", "?");
    }

    /** @return raw header bytes: UTF-8 of a header value, or bytes that are not UTF-8 */
    public static byte[] headerBytes(Random random) {
        return random.nextInt(4) == 0 ? nonUtf8(random) : headerValue(random).getBytes(StandardCharsets.UTF_8);
    }

    /** @return a content type, right or wrong */
    public static String contentType(Random random) {
        return pick(random, CONTENT_TYPES);
    }

    /** @return bytes that are not valid UTF-8 */
    public static byte[] nonUtf8(Random random) {
        byte[][] invalid = { { (byte) 0xC3, 0x28 }, { (byte) 0xFF }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
            { (byte) 0xE2, (byte) 0x82 }, { (byte) 0xF0, (byte) 0x9F }, { (byte) 0x80 }, { (byte) 0xC0, (byte) 0xAF } };
        byte[] prefix = text(random, 10).getBytes(StandardCharsets.UTF_8);
        byte[] bad = invalid[random.nextInt(invalid.length)];
        byte[] out = Arrays.copyOf(prefix, prefix.length + bad.length);
        System.arraycopy(bad, 0, out, prefix.length, bad.length);
        return out;
    }

    /** @return random text of up to {@code max} characters from every plane: ASCII, controls, BMP, surrogate pairs, lone surrogates */
    public static String text(Random random, int max) {
        int length = random.nextInt(max + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(32));
                case 1 -> text.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                case 3 -> text.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogate
                default -> text.append((char) (32 + random.nextInt(95)));
            }
        }
        return text.toString();
    }

    /**
     * Asserts that a decoded envelope carries what was sent: id, topic, source, time, data, headers
     * and extensions, and the content type when one was sent (without one, a codec may name the
     * type it read the data as).
     * @param decoded what the codec read
     * @param sent what was encoded
     */
    public static void assertSameEnvelope(Envelope decoded, Envelope sent) {
        assertThat(decoded.id()).as("id").isEqualTo(sent.id());
        assertThat(decoded.topic()).as("topic").isEqualTo(sent.topic());
        assertThat(decoded.source()).as("source").isEqualTo(sent.source());
        assertThat(decoded.time()).as("time").isEqualTo(sent.time());
        assertThat(decoded.data()).as("data").isEqualTo(sent.data());
        assertThat(decoded.headers()).as("headers").isEqualTo(sent.headers());
        assertThat(decoded.extensions()).as("extensions").isEqualTo(sent.extensions());
        if (sent.contentType() != null) {
            assertThat(decoded.contentType()).as("content type").isEqualTo(sent.contentType());
        }
    }

    /** @return random valid Unicode text of up to {@code max} characters (no lone surrogates) */
    public static String validText(Random random, int max) {
        return text(random, max).replaceAll("[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]", "?");
    }

    /** @return a length that is usually a few KB and now and then 64 KB, for huge names, values and payloads */
    private static int huge(Random random) {
        return random.nextInt(20) == 0 ? 65_536 : random.nextInt(4096);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String jsonString(Random random) {
        return random.nextInt(8) == 0 ? pick(random, "1", "true", "null", "{}", "[]") : jsonQuote(text(random, 30));
    }

    private static String jsonQuote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            }
            else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            }
            else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void maybe(Random random, Map<String, String> members, String name, String value) {
        if (random.nextInt(5) != 0) {
            members.put(name, value);
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
