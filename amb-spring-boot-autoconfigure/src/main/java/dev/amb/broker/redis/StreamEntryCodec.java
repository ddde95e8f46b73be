package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.Rfc3339;
import dev.amb.spi.support.StructuredEnvelopeCodec;

/**
 * CloudEvents binary content mode on Redis Streams: one stream entry per message.
 *
 * <ul>
 * <li>{@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type} (the topic),
 * {@code ce_time} (RFC 3339), {@code ce_datacontenttype}: the context attributes, UTF-8; a message
 * without a source gets {@code urn:amb:unknown}, as on NATS and in structured mode, and reads back
 * without one;</li>
 * <li>{@code ce_<name>}: each extension ({@code ce_correlationid}, {@code ce_replyto}, ...);</li>
 * <li>{@code data}: the payload, exactly as serialized (so {@code XRANGE} shows readable JSON);</li>
 * <li>any other field: a user header under its own name. A header whose name would be taken for one
 * of the above ({@code data}, {@code ce_*}, or {@code h_*}) is written as {@code h_<name>}, and
 * {@code h_} is stripped again when reading, so every header name survives.</li>
 * </ul>
 *
 * <p>Reading is lenient, so that entries written by plain clients ({@code XADD ... data '{...}'})
 * are delivered: a missing {@code ce_id} becomes the entry id, a missing or unparsable
 * {@code ce_time} none (the bus then uses the arrival time), and the topic is always the stream's.
 * An entry with a {@code ce_specversion} other than 1.0 is not read as 1.0: it reaches the bus with
 * the content type {@code application/cloudevents+json}, which no payload serializer reads, so it is
 * dead-lettered with its bytes, as an invalid structured CloudEvent is in pub/sub mode.
 * Stateless.
 */
final class StreamEntryCodec {

    static final String DATA = "data";

    static final String ATTRIBUTE_PREFIX = "ce_";

    static final String HEADER_PREFIX = "h_";

    private StreamEntryCodec() {
    }

    static Map<String, byte[]> encode(Envelope envelope) {
        Map<String, byte[]> fields = new LinkedHashMap<>(12 + envelope.extensions().size() + envelope.headers().size());
        put(fields, AmbHeaders.CE_SPECVERSION, AmbHeaders.SPEC_VERSION);
        put(fields, AmbHeaders.CE_ID, envelope.id());
        put(fields, AmbHeaders.CE_SOURCE, envelope.source() != null ? envelope.source()
                : StructuredEnvelopeCodec.UNKNOWN_SOURCE);
        put(fields, AmbHeaders.CE_TYPE, envelope.topic());
        put(fields, AmbHeaders.CE_TIME, envelope.time() != null ? Rfc3339.format(envelope.time()) : null);
        put(fields, AmbHeaders.CE_DATACONTENTTYPE, envelope.contentType());
        envelope.extensions().forEach((name, value) -> put(fields, name, value));
        envelope.headers().forEach((name, value) -> fields.put(headerField(name), utf8(value)));
        fields.put(DATA, envelope.data());
        return fields;
    }

    private static void put(Map<String, byte[]> fields, String attribute, String value) {
        if (value != null) {
            fields.put(ATTRIBUTE_PREFIX + attribute, utf8(value));
        }
    }

    static String headerField(String name) {
        boolean clashes = name.equals(DATA) || name.startsWith(ATTRIBUTE_PREFIX) || name.startsWith(HEADER_PREFIX);
        return clashes ? HEADER_PREFIX + name : name;
    }

    /**
     * @param topic the topic of the stream the entry was read from
     * @param entryId the entry id
     * @param fields the entry's fields
     * @return the envelope
     */
    static Envelope decode(String topic, String entryId, Map<String, byte[]> fields) {
        Envelope.Builder builder = Envelope.builder().topic(topic);
        String id = null;
        String specVersion = null;
        for (Map.Entry<String, byte[]> field : fields.entrySet()) {
            String name = field.getKey();
            byte[] value = field.getValue() != null ? field.getValue() : new byte[0];
            if (name.equals(DATA)) {
                builder.data(value);
            }
            else if (name.startsWith(ATTRIBUTE_PREFIX)) {
                String attribute = name.substring(ATTRIBUTE_PREFIX.length());
                String text = string(value);
                switch (attribute) {
                    case AmbHeaders.CE_ID -> id = text;
                    case AmbHeaders.CE_SOURCE -> builder.source(StructuredEnvelopeCodec.UNKNOWN_SOURCE.equals(text)
                            ? null : text);
                    case AmbHeaders.CE_TIME -> builder.time(parseTime(text));
                    case AmbHeaders.CE_DATACONTENTTYPE -> builder.contentType(text);
                    case AmbHeaders.CE_SPECVERSION -> specVersion = text;
                    case AmbHeaders.CE_TYPE -> {
                        // the topic is the stream's
                    }
                    default -> builder.extension(attribute, text);
                }
            }
            else if (name.startsWith(HEADER_PREFIX)) {
                builder.header(name.substring(HEADER_PREFIX.length()), string(value));
            }
            else {
                builder.header(name, string(value));
            }
        }
        if (specVersion != null && !AmbHeaders.SPEC_VERSION.equals(specVersion)) {
            // like structured mode: another CloudEvents version is not read as 1.0; the entry goes
            // down the bus's failure path (no payload serializer reads this content type)
            builder.contentType(StructuredEnvelopeCodec.CONTENT_TYPE);
        }
        return builder.id(id != null ? id : entryId).build();
    }

    private static Instant parseTime(String time) {
        try {
            return Rfc3339.parse(time);
        }
        catch (DateTimeParseException ex) {
            return null;
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
