package dev.amb.broker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.amb.AmbHeaders;
import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.Rfc3339;
import dev.amb.spi.support.StructuredEnvelopeCodec;

/**
 * The CloudEvents Kafka protocol binding (version 1.0, binary content mode) for AMB envelopes.
 *
 * <p><b>Writing:</b> the record value is the payload, unchanged. Every context attribute and
 * extension is a header {@code ce_<attribute>} with the UTF-8 value ({@code ce_specversion},
 * {@code ce_id}, {@code ce_source}, {@code ce_type} = the AMB topic, {@code ce_time}, and the
 * extensions such as {@code ce_correlationid}); {@code datacontenttype} is the
 * {@code content-type} header, as the binding requires. The record key is the
 * {@code partitionkey} extension when it is set (so records with one key stay in order), and
 * no key otherwise. User headers keep their names, except a name that starts with {@code ce_}
 * or {@code amb-h-} or is {@code content-type} (ignoring case), which travels as
 * {@code amb-h-<name>}.
 *
 * <p><b>Reading:</b> the topic is the record's Kafka topic without the prefix. A record whose
 * {@code content-type} is {@code application/cloudevents...} is a structured event (read with
 * {@link StructuredEnvelopeCodec}; an invalid one becomes a raw envelope the bus dead-letters).
 * Otherwise {@code ce_*} headers are attributes and extensions, {@code amb-h-*} escaped user
 * headers, {@code content-type} the data content type, and every other header a user header
 * (the last value when repeated). A record without {@code ce_id} (a plain producer's) gets a
 * generated id, and the record's timestamp stands in for a missing {@code ce_time}. Decoding
 * never fails on a header a foreign producer got wrong.
 *
 * <p>Stateless and thread safe.
 */
final class KafkaRecordCodec {

    private static final Log logger = LogFactory.getLog(KafkaRecordCodec.class);

    static final String CE_PREFIX = "ce_";

    static final String CONTENT_TYPE = "content-type";

    static final String ESCAPED_HEADER_PREFIX = "amb-h-";

    static final String PARTITION_KEY = "partitionkey";

    private KafkaRecordCodec() {
    }

    /**
     * @param envelope the envelope
     * @return the record headers carrying its attributes and user headers
     */
    static Headers headers(Envelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CE_PREFIX + AmbHeaders.CE_SPECVERSION, AmbHeaders.SPEC_VERSION);
        add(headers, CE_PREFIX + AmbHeaders.CE_ID, envelope.id());
        add(headers, CE_PREFIX + AmbHeaders.CE_SOURCE,
                envelope.source() != null ? envelope.source() : StructuredEnvelopeCodec.UNKNOWN_SOURCE);
        add(headers, CE_PREFIX + AmbHeaders.CE_TYPE, envelope.topic());
        if (envelope.time() != null) {
            add(headers, CE_PREFIX + AmbHeaders.CE_TIME, Rfc3339.format(envelope.time()));
        }
        if (envelope.contentType() != null) {
            add(headers, CONTENT_TYPE, envelope.contentType());
        }
        for (Map.Entry<String, String> extension : envelope.extensions().entrySet()) {
            add(headers, CE_PREFIX + extension.getKey(), extension.getValue());
        }
        for (Map.Entry<String, String> header : envelope.headers().entrySet()) {
            add(headers, userHeaderName(header.getKey()), header.getValue());
        }
        return headers;
    }

    /**
     * @param envelope the envelope
     * @return the record key: the {@code partitionkey} extension's UTF-8 bytes, or {@code null}
     */
    static byte[] key(Envelope envelope) {
        String key = envelope.extension(PARTITION_KEY);
        return key != null ? key.getBytes(StandardCharsets.UTF_8) : null;
    }

    /**
     * @param envelope the envelope
     * @param headers its record headers
     * @param key its record key, or {@code null}
     * @return the record's size in bytes as Kafka counts it, near enough: value, key and headers
     */
    static int size(Envelope envelope, Headers headers, byte[] key) {
        int size = envelope.data().length + 64;
        size += key != null ? key.length : 0;
        for (Header header : headers) {
            size += header.key().length() * 3 + header.value().length + 2;
        }
        return size;
    }

    static String userHeaderName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean escape = lower.startsWith(CE_PREFIX) || lower.startsWith(ESCAPED_HEADER_PREFIX)
                || lower.equals(CONTENT_TYPE);
        return escape ? ESCAPED_HEADER_PREFIX + name : name;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads a received record.
     * @param record the record
     * @param topic the AMB topic it arrived on
     * @return the envelope
     */
    static Envelope decode(ConsumerRecord<byte[], byte[]> record, String topic) {
        byte[] data = record.value() != null ? record.value() : new byte[0];
        Envelope.Builder builder = Envelope.builder().topic(topic).data(data);
        String id = null;
        String contentType = null;
        boolean timeSet = false;
        for (Header header : record.headers()) {
            String name = header.key();
            if (header.value() == null) {
                continue;
            }
            String value = new String(header.value(), StandardCharsets.UTF_8);
            if (startsWithIgnoreCase(name, CE_PREFIX)) {
                String attribute = name.substring(CE_PREFIX.length()).toLowerCase(Locale.ROOT);
                switch (attribute) {
                    case AmbHeaders.CE_SPECVERSION, AmbHeaders.CE_TYPE -> {
                        // the topic is the record's topic; AMB reads CloudEvents 1.0
                    }
                    case AmbHeaders.CE_ID -> id = value;
                    case AmbHeaders.CE_SOURCE -> builder
                        .source(StructuredEnvelopeCodec.UNKNOWN_SOURCE.equals(value) ? null : value);
                    case AmbHeaders.CE_TIME -> {
                        Instant time = parseTime(value, topic);
                        builder.time(time);
                        timeSet = time != null;
                    }
                    case AmbHeaders.CE_DATACONTENTTYPE -> contentType = contentType != null ? contentType : value;
                    default -> builder.extension(attribute, value);
                }
            }
            else if (startsWithIgnoreCase(name, ESCAPED_HEADER_PREFIX)) {
                builder.header(name.substring(ESCAPED_HEADER_PREFIX.length()), value);
            }
            else if (name.equalsIgnoreCase(CONTENT_TYPE)) {
                contentType = value;
            }
            else {
                builder.header(name, value);
            }
        }
        if (contentType != null && startsWithIgnoreCase(contentType.trim(), "application/cloudevents")) {
            return structured(data, topic, contentType);
        }
        if (!timeSet && record.timestamp() >= 0) {
            builder.time(Instant.ofEpochMilli(record.timestamp()));
        }
        return builder.id(id != null ? id : UUID.randomUUID().toString()).contentType(contentType).build();
    }

    private static Envelope structured(byte[] data, String topic, String contentType) {
        try {
            Envelope structured = StructuredEnvelopeCodec.decode(data, topic, true);
            return structured.topic().equals(topic) ? structured : structured.toBuilder().topic(topic).build();
        }
        catch (MessageSerializationException ex) {
            logger.debug("Undecodable structured CloudEvent on '" + topic + "'", ex);
            return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).contentType(contentType).data(data)
                .build();
        }
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static Instant parseTime(String time, String topic) {
        try {
            return Rfc3339.parse(time);
        }
        catch (DateTimeParseException ex) {
            if (logger.isDebugEnabled()) {
                logger.debug("Ignoring the unparsable ce_time '" + time + "' of a record on '" + topic + "'");
            }
            return null;
        }
    }
}
