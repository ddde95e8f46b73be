package dev.amb.broker.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.MessageSerializationException;
import dev.amb.spi.support.Rfc3339;
import dev.amb.spi.support.StructuredEnvelopeCodec;
import dev.amb.topic.Topics;

/**
 * CloudEvents binary content mode on AMQP 0-9-1 for AMB envelopes.
 *
 * <p><b>Writing:</b> the body is the payload, unchanged. Context attributes and extensions are
 * headers named {@code cloudEvents_<attribute>} ({@code cloudEvents_specversion},
 * {@code cloudEvents_id}, {@code cloudEvents_source}, {@code cloudEvents_type} = the topic,
 * {@code cloudEvents_time}, {@code cloudEvents_correlationid}, ...), as the CloudEvents AMQP
 * binding names them with the {@code _} separator that JMS-style clients accept;
 * {@code datacontenttype} is the {@code content_type} property, {@code id} also the
 * {@code message_id} property, the correlation id also the {@code correlation_id} property, the
 * time also the {@code timestamp} property (whole seconds); an id, correlation id or content
 * type longer than an AMQP short string (255 bytes) stays out of the properties (the content type
 * then travels as {@code cloudEvents_datacontenttype}), and a header name that long is refused
 * with an {@code IllegalArgumentException}. Messages are persistent
 * ({@code delivery_mode} 2). User headers keep their names, except names that could be taken for
 * another header (starting with {@code cloudEvents_}, {@code cloudEvents:} or
 * {@code amb-h-}, one of RabbitMQ's own ({@link #isRabbitHeader(String)}), or equal to {@code amb-attempt} or {@code amb-publish-seq}; compared ignoring case), which travel as
 * {@code amb-h-<name>}. The adapter's own {@code amb-attempt} header carries the delivery attempt
 * of a redelivered copy. When the header table would not fit in one AMQP frame
 * ({@code frame_max}), the longest header values are shortened (ending in
 * {@value #TRUNCATED}) until it does; the body never changes.
 *
 * <p><b>Reading:</b> the topic is the routing key, except for a copy that AMB redelivered (it has
 * {@code amb-attempt} and arrives with the queue's name as routing key), whose topic is its
 * {@code cloudEvents_type}. {@code cloudEvents_*} and {@code cloudEvents:*} headers are
 * attributes and extensions; RabbitMQ's own headers ({@code x-death},
 * {@code x-delivery-count}, ..., see {@link #isRabbitHeader(String)}) are dropped, as are the adapter's own {@code amb-attempt} and
 * {@code amb-publish-seq}; every other header is a user header (values of
 * other AMQP types as their string form). Missing attributes fall back to the properties
 * ({@code message_id}, {@code content_type}, {@code correlation_id}, {@code timestamp}); a message
 * without any id gets a generated one. A {@code content_type} of
 * {@code application/cloudevents+json} is a structured event, read with
 * {@link StructuredEnvelopeCodec}. Decoding never fails.
 *
 * <p>Stateless and thread safe.
 */
final class RabbitHeaderCodec {

    private static final Log logger = LogFactory.getLog(RabbitHeaderCodec.class);

    static final String CE_PREFIX = "cloudEvents_";

    static final String CE_PREFIX_COLON = "cloudEvents:";

    static final String ESCAPED_HEADER_PREFIX = "amb-h-";

    static final String ATTEMPT_HEADER = "amb-attempt";

    static final String TRUNCATED = "...[truncated]";

    /** Room kept in a frame for the other properties and the frame's own fields. */
    static final int FRAME_HEADROOM = 4096;

    /** The longest AMQP short string in bytes: header names and properties such as message-id. */
    static final int MAX_SHORT_STRING = 255;

    private RabbitHeaderCodec() {
    }

    /**
     * The AMQP properties of an envelope.
     * @param envelope the envelope
     * @param attempt the delivery attempt to record, or 1 for a first publish (not recorded)
     * @param frameMax the connection's negotiated {@code frame_max}, 0 for no limit
     * @return the properties
     */
    static AMQP.BasicProperties encode(Envelope envelope, int attempt, int frameMax) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(CE_PREFIX + AmbHeaders.CE_SPECVERSION, AmbHeaders.SPEC_VERSION);
        headers.put(CE_PREFIX + AmbHeaders.CE_ID, envelope.id());
        headers.put(CE_PREFIX + AmbHeaders.CE_SOURCE,
                envelope.source() != null ? envelope.source() : StructuredEnvelopeCodec.UNKNOWN_SOURCE);
        headers.put(CE_PREFIX + AmbHeaders.CE_TYPE, envelope.topic());
        if (envelope.time() != null) {
            headers.put(CE_PREFIX + AmbHeaders.CE_TIME, Rfc3339.format(envelope.time()));
        }
        for (Map.Entry<String, String> extension : envelope.extensions().entrySet()) {
            headers.put(CE_PREFIX + extension.getKey(), extension.getValue());
        }
        for (Map.Entry<String, String> header : envelope.headers().entrySet()) {
            headers.put(userHeaderName(header.getKey()), header.getValue());
        }
        if (attempt > 1) {
            headers.put(ATTEMPT_HEADER, String.valueOf(attempt));
        }
        for (String name : headers.keySet()) {
            if (utf8Length(name) > MAX_SHORT_STRING) {
                throw new IllegalArgumentException("Header name '" + name.substring(0, 40) + "...' is " + utf8Length(name)
                        + " bytes long; AMQP header names are at most " + MAX_SHORT_STRING + " bytes");
            }
        }
        String contentType = shortString(envelope.contentType());
        if (contentType == null && envelope.contentType() != null) {
            headers.put(CE_PREFIX + AmbHeaders.CE_DATACONTENTTYPE, envelope.contentType());
        }
        if (frameMax > 0) {
            fit(headers, frameMax - FRAME_HEADROOM);
        }
        // message-id and correlation-id only repeat what the cloudEvents_ headers carry (for non-AMB
        // consumers); values too long for an AMQP short string are left to the headers
        return new AMQP.BasicProperties.Builder()
            .contentType(contentType)
            .messageId(shortString(envelope.id()))
            .correlationId(shortString(envelope.correlationId()))
            .timestamp(envelope.time() != null ? Date.from(envelope.time()) : null)
            .deliveryMode(2)
            .headers(headers)
            .build();
    }

    /**
     * The header name that carries a user header.
     * @param name the user header's name
     * @return the name itself, or {@code amb-h-<name>} when it could be taken for another header
     */
    static String userHeaderName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean escape = lower.startsWith(CE_PREFIX.toLowerCase(Locale.ROOT))
                || lower.startsWith(CE_PREFIX_COLON.toLowerCase(Locale.ROOT)) || isRabbitHeader(name)
                || lower.startsWith(ESCAPED_HEADER_PREFIX) || lower.equals(ATTEMPT_HEADER)
                || lower.equals(RabbitPublisher.SEQUENCE_HEADER);
        return escape ? ESCAPED_HEADER_PREFIX + name : name;
    }

    /**
     * Whether RabbitMQ writes this header itself (dead-lettering, quorum queues, federation,
     * AMQP 1.0 message annotations): {@code x-death}, {@code x-delivery-count},
     * {@code x-first-death-*}, {@code x-last-death-*}, {@code x-received-from}, {@code x-opt-*}.
     * @param name a header name
     * @return {@code true} for RabbitMQ's own headers, compared ignoring case
     */
    static boolean isRabbitHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("x-death") || lower.equals("x-delivery-count") || lower.startsWith("x-first-death-")
                || lower.startsWith("x-last-death-") || lower.equals("x-received-from") || lower.startsWith("x-opt-");
    }

    /** Shortens the longest string values until the table's estimated wire size fits the budget. */
    static void fit(Map<String, Object> headers, int budget) {
        int size = tableSize(headers);
        while (size > budget) {
            String longest = null;
            int longestBytes = 0;
            for (Map.Entry<String, Object> entry : headers.entrySet()) {
                int bytes = utf8Length(entry.getValue().toString());
                if (bytes > longestBytes) {
                    longest = entry.getKey();
                    longestBytes = bytes;
                }
            }
            int keep = longestBytes - (size - budget) - TRUNCATED.length();
            if (longest == null || keep < 64) {
                // nothing long enough left to shorten usefully: cut the longest to 64 bytes and go on
                if (longest == null || longestBytes <= 64 + TRUNCATED.length()) {
                    throw new IllegalArgumentException("The message's " + headers.size() + " headers take about "
                            + size + " bytes, more than the " + budget + " bytes an AMQP frame leaves for them");
                }
                keep = 64;
            }
            String value = headers.get(longest).toString();
            headers.put(longest, truncate(value, keep) + TRUNCATED);
            logger.debug("Shortened header '" + longest + "' from " + longestBytes + " bytes to fit frame_max");
            size = tableSize(headers);
        }
    }

    private static int tableSize(Map<String, Object> headers) {
        int size = 0;
        for (Map.Entry<String, Object> entry : headers.entrySet()) {
            size += 1 + utf8Length(entry.getKey()) + 1 + 4 + utf8Length(entry.getValue().toString());
        }
        return size;
    }

    /** @return the value when it fits an AMQP short string (255 UTF-8 bytes), else {@code null} */
    private static String shortString(String value) {
        return value != null && utf8Length(value) <= MAX_SHORT_STRING ? value : null;
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String truncate(String value, int maxBytes) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return value;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not cut a UTF-8 sequence
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * The delivery attempt AMB recorded on a redelivered copy.
     * @param properties the message's properties
     * @return the attempt, 1 when none was recorded
     */
    static int attempt(AMQP.BasicProperties properties) {
        Object value = properties.getHeaders() != null ? properties.getHeaders().get(ATTEMPT_HEADER) : null;
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value.toString().trim()));
        }
        catch (NumberFormatException ex) {
            return 1;
        }
    }

    /**
     * Reads a received message.
     * @param routingKey the routing key it arrived with
     * @param properties its properties
     * @param body its body
     * @return the envelope
     */
    static Envelope decode(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> headers = properties.getHeaders() != null ? properties.getHeaders() : Map.of();
        String topic = routingKey;
        if (headers.containsKey(ATTEMPT_HEADER)) {
            Object type = headers.get(CE_PREFIX + AmbHeaders.CE_TYPE);
            if (type != null && Topics.isValidTopic(type.toString())) {
                topic = type.toString();
            }
        }
        String contentType = properties.getContentType();
        if (contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
            return structured(topic, contentType, body);
        }
        Envelope.Builder builder = Envelope.builder().topic(topic).data(body);
        Map<String, String> attributes = new HashMap<>();
        List<String[]> userHeaders = new ArrayList<>();
        for (Map.Entry<String, Object> entry : headers.entrySet()) {
            String name = entry.getKey();
            if (entry.getValue() == null) {
                continue;
            }
            String value = string(entry.getValue());
            if (startsWithIgnoreCase(name, CE_PREFIX) || startsWithIgnoreCase(name, CE_PREFIX_COLON)) {
                attributes.put(name.substring(CE_PREFIX.length()).toLowerCase(Locale.ROOT), value);
            }
            else if (startsWithIgnoreCase(name, ESCAPED_HEADER_PREFIX)) {
                userHeaders.add(new String[] { name.substring(ESCAPED_HEADER_PREFIX.length()), value });
            }
            else if (!isRabbitHeader(name) && !name.equalsIgnoreCase(ATTEMPT_HEADER)
                    && !name.equalsIgnoreCase(RabbitPublisher.SEQUENCE_HEADER)) {
                userHeaders.add(new String[] { name, value });
            }
        }
        String id = null;
        String ceContentType = null;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String value = attribute.getValue();
            switch (attribute.getKey()) {
                case AmbHeaders.CE_SPECVERSION, AmbHeaders.CE_TYPE -> {
                    // the topic is the routing key; AMB reads CloudEvents 1.0 and ignores the version
                }
                case AmbHeaders.CE_ID -> id = value;
                case AmbHeaders.CE_SOURCE -> builder.source(StructuredEnvelopeCodec.UNKNOWN_SOURCE.equals(value) ? null : value);
                case AmbHeaders.CE_TIME -> builder.time(parseTime(value, topic));
                case AmbHeaders.CE_DATACONTENTTYPE -> ceContentType = value;
                default -> builder.extension(attribute.getKey(), value);
            }
        }
        userHeaders.forEach(header -> builder.header(header[0], header[1]));
        if (id == null) {
            id = properties.getMessageId() != null ? properties.getMessageId() : UUID.randomUUID().toString();
        }
        if (!attributes.containsKey(AmbHeaders.EXT_CORRELATION_ID) && properties.getCorrelationId() != null) {
            builder.extension(AmbHeaders.EXT_CORRELATION_ID, properties.getCorrelationId());
        }
        if (!attributes.containsKey(AmbHeaders.EXT_REPLY_TO) && properties.getReplyTo() != null
                && Topics.isValidTopic(properties.getReplyTo())) {
            builder.extension(AmbHeaders.EXT_REPLY_TO, properties.getReplyTo());
        }
        if (!attributes.containsKey(AmbHeaders.CE_TIME) && properties.getTimestamp() != null) {
            builder.time(properties.getTimestamp().toInstant());
        }
        return builder.id(id).contentType(contentType != null ? contentType : ceContentType).build();
    }

    private static Envelope structured(String topic, String contentType, byte[] body) {
        try {
            Envelope structured = StructuredEnvelopeCodec.decode(body, topic);
            return structured.topic().equals(topic) ? structured : structured.toBuilder().topic(topic).build();
        }
        catch (MessageSerializationException ex) {
            logger.debug("Undecodable structured CloudEvent on '" + topic + "'", ex);
            return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).contentType(contentType)
                .data(body).build();
        }
    }

    private static String string(Object value) {
        if (value instanceof LongString longString) {
            return new String(longString.getBytes(), StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(value);
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
                logger.debug("Ignoring the unparsable cloudEvents_time '" + time + "' of a message on '" + topic + "'");
            }
            return null;
        }
    }
}
