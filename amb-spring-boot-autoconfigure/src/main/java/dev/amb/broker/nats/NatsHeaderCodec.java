package dev.amb.broker.nats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbHeaders;
import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.Rfc3339;
import dev.amb.spi.support.StructuredEnvelopeCodec;

/**
 * The CloudEvents NATS protocol binding (version 1.0.3) for AMB envelopes, in both content modes.
 *
 * <p><b>Writing in structured mode</b> ({@link NatsContentMode#STRUCTURED}): the body is the event
 * in the JSON event format ({@link StructuredEnvelopeCodec}), and the one header is
 * {@code Content-Type: application/cloudevents+json}, which is how the binding tells a receiver
 * the mode.
 *
 * <p><b>Writing in binary mode</b> (the default): the payload is the message body, unchanged. Every context attribute and
 * extension is a header named {@code ce-<attribute>} ({@code ce-specversion}, {@code ce-id},
 * {@code ce-source}, {@code ce-type} = the topic, {@code ce-time}, {@code ce-datacontenttype},
 * {@code ce-correlationid}, ...), its value percent-encoded as the binding requires (space,
 * {@code "}, {@code %} and every character outside printable US-ASCII); an extension name NATS
 * cannot carry (a space, {@code :}, a non-ASCII character) is percent-encoded in the header name
 * and decoded on reading. User headers keep their
 * own names with values encoded the same way; a user header whose name NATS cannot carry or that
 * could be mistaken for another header (it starts with {@code ce-}, {@code nats-} or
 * {@code amb-h-}, is {@code content-type}, or holds a {@code :} or a character outside printable
 * ASCII; all compared ignoring case) travels as {@code amb-h-<percent-encoded name>} instead.
 *
 * <p><b>Reading:</b> the topic is the subject the message arrived on ({@code ce-type} is not
 * needed). A message with {@code Content-Type: application/cloudevents...} is a structured event
 * and is read with {@link StructuredEnvelopeCodec}. Otherwise {@code ce-*} headers are attributes
 * and extensions, {@code amb-h-*} headers escaped user headers, {@code Nats-*} headers belong to
 * NATS and are dropped, {@code Content-Type} stands in for a missing {@code ce-datacontenttype},
 * and every other header is a user header (the first value when repeated). A message without
 * {@code ce-id} (a plain client's) gets a generated id. Decoding is lenient and never fails: a
 * value that is not valid percent-encoding is taken literally and an unparsable {@code ce-time}
 * is ignored, so no message is lost to a header a foreign producer got wrong.
 *
 * <p>Stateless and thread safe.
 */
final class NatsHeaderCodec {

    private static final Log logger = LogFactory.getLog(NatsHeaderCodec.class);

    static final String CE_PREFIX = "ce-";

    static final String ESCAPED_HEADER_PREFIX = "amb-h-";

    static final String NATS_PREFIX = "nats-";

    static final String CONTENT_TYPE = "Content-Type";

    static final String MESSAGE_ID = "Nats-Msg-Id";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private NatsHeaderCodec() {
    }

    /**
     * The NATS message that carries an envelope.
     * @param subject the subject it goes to
     * @param envelope the envelope
     * @param mode the content mode to write
     * @param messageId the {@code Nats-Msg-Id} header (JetStream's duplicate detection), or {@code null} for none
     * @return the message
     */
    static Message message(String subject, Envelope envelope, NatsContentMode mode, String messageId) {
        Headers headers;
        byte[] body;
        if (mode == NatsContentMode.STRUCTURED) {
            headers = new Headers().put(CONTENT_TYPE, StructuredEnvelopeCodec.CONTENT_TYPE);
            body = StructuredEnvelopeCodec.encode(envelope);
        }
        else {
            headers = encode(envelope);
            body = envelope.data();
        }
        if (messageId != null) {
            headers.put(MESSAGE_ID, messageId);
        }
        return NatsMessage.builder().subject(subject).headers(headers).data(body).build();
    }

    /**
     * The NATS headers of an envelope in binary content mode.
     * @param envelope the envelope
     * @return new, writable headers
     */
    static Headers encode(Envelope envelope) {
        Headers headers = new Headers();
        headers.put(CE_PREFIX + AmbHeaders.CE_SPECVERSION, AmbHeaders.SPEC_VERSION);
        headers.put(CE_PREFIX + AmbHeaders.CE_ID, percentEncode(envelope.id()));
        headers.put(CE_PREFIX + AmbHeaders.CE_SOURCE,
                percentEncode(envelope.source() != null ? envelope.source() : StructuredEnvelopeCodec.UNKNOWN_SOURCE));
        headers.put(CE_PREFIX + AmbHeaders.CE_TYPE, envelope.topic());
        if (envelope.time() != null) {
            headers.put(CE_PREFIX + AmbHeaders.CE_TIME, Rfc3339.format(envelope.time()));
        }
        if (envelope.contentType() != null) {
            headers.put(CE_PREFIX + AmbHeaders.CE_DATACONTENTTYPE, percentEncode(envelope.contentType()));
        }
        for (Map.Entry<String, String> extension : envelope.extensions().entrySet()) {
            headers.put(CE_PREFIX + extensionHeaderName(extension.getKey()), percentEncode(extension.getValue()));
        }
        for (Map.Entry<String, String> header : envelope.headers().entrySet()) {
            headers.add(userHeaderName(header.getKey()), percentEncode(header.getValue()));
        }
        return headers;
    }

    /**
     * Reads a received message. A message whose {@code Content-Type} announces a structured
     * CloudEvent that is not a valid one (not JSON, no {@code specversion} 1.0, a bad attribute)
     * becomes an envelope holding the raw bytes under that
     * content type, which no payload serializer reads: a subscription then sends it down its
     * failure path (dead letters), a request fails with a decoding error instead of timing out.
     * @param message the NATS message
     * @param topic the AMB topic it arrived on
     * @return the envelope
     */
    static Envelope decode(Message message, String topic) {
        byte[] data = message.getData();
        Headers headers = message.getHeaders();
        if (headers == null || headers.isEmpty()) {
            return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).data(data).build();
        }
        Envelope.Builder builder = Envelope.builder().topic(topic).data(data);
        String id = null;
        String contentType = null;
        String contentTypeHeader = null;
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            String name = entry.getKey();
            String value = first(entry.getValue());
            if (value == null) {
                continue;
            }
            if (startsWithIgnoreCase(name, CE_PREFIX)) {
                String attribute = name.substring(CE_PREFIX.length()).toLowerCase(Locale.ROOT);
                String decoded = percentDecode(value);
                switch (attribute) {
                    case AmbHeaders.CE_SPECVERSION, AmbHeaders.CE_TYPE -> {
                        // the topic is the subject; AMB reads CloudEvents 1.0 and ignores the version
                    }
                    case AmbHeaders.CE_ID -> id = decoded;
                    case AmbHeaders.CE_SOURCE -> builder
                        .source(StructuredEnvelopeCodec.UNKNOWN_SOURCE.equals(decoded) ? null : decoded);
                    case AmbHeaders.CE_TIME -> builder.time(parseTime(decoded, topic));
                    case AmbHeaders.CE_DATACONTENTTYPE -> contentType = decoded;
                    default -> builder.extension(percentDecode(attribute), decoded);
                }
            }
            else if (startsWithIgnoreCase(name, ESCAPED_HEADER_PREFIX)) {
                builder.header(percentDecode(name.substring(ESCAPED_HEADER_PREFIX.length())), percentDecode(value));
            }
            else if (name.equalsIgnoreCase(CONTENT_TYPE)) {
                contentTypeHeader = value;
            }
            else if (!startsWithIgnoreCase(name, NATS_PREFIX)) {
                builder.header(name, percentDecode(value));
            }
        }
        if (contentTypeHeader != null && startsWithIgnoreCase(contentTypeHeader.trim(), "application/cloudevents")) {
            byte[] bytes = data != null ? data : new byte[0];
            Envelope structured;
            try {
                // the header announces the mode: no need to look for a specversion first
                structured = StructuredEnvelopeCodec.decode(bytes, topic, true);
            }
            catch (MessageSerializationException ex) {
                logger.debug("Undecodable structured CloudEvent on '" + topic + "'", ex);
                return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).contentType(contentTypeHeader)
                    .data(bytes).build();
            }
            return structured.topic().equals(topic) ? structured : structured.toBuilder().topic(topic).build();
        }
        return builder.id(id != null ? id : UUID.randomUUID().toString())
            .contentType(contentType != null ? contentType : contentTypeHeader)
            .build();
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * The NATS header name that carries a user header.
     * @param name the user header's name
     * @return the name itself when NATS carries it unambiguously, otherwise its escaped form
     */
    static String userHeaderName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean escape = lower.startsWith(CE_PREFIX) || lower.startsWith(NATS_PREFIX)
                || lower.startsWith(ESCAPED_HEADER_PREFIX) || lower.equals("content-type");
        for (int i = 0; i < name.length() && !escape; i++) {
            char c = name.charAt(i);
            escape = c < 0x21 || c > 0x7e || c == ':';
        }
        if (!escape) {
            return name;
        }
        StringBuilder escaped = new StringBuilder(ESCAPED_HEADER_PREFIX);
        appendPercentEncoded(escaped, name, true);
        return escaped.toString();
    }

    /**
     * The header name (after {@code ce-}) of an extension: CloudEvents names (lower-case letters
     * and digits) as they are; in any other name a space, {@code "}, {@code %}, {@code :} or a
     * character outside printable ASCII is percent-encoded, so NATS never refuses the message.
     * @param name the extension name
     * @return the name NATS carries
     */
    static String extensionHeaderName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                StringBuilder escaped = new StringBuilder(name.length() + 16);
                appendPercentEncoded(escaped, name, true);
                return escaped.toString();
            }
        }
        return name;
    }

    /**
     * Percent-encodes a header value as the CloudEvents NATS binding requires: space, {@code "},
     * {@code %} and every character outside printable US-ASCII become {@code %XX} per UTF-8 byte.
     * @param value the value
     * @return the encoded value (the same instance when nothing needed encoding)
     */
    static String percentEncode(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (needsEncoding(value.charAt(i), false)) {
                StringBuilder encoded = new StringBuilder(value.length() + 16);
                appendPercentEncoded(encoded, value, false);
                return encoded.toString();
            }
        }
        return value;
    }

    private static boolean needsEncoding(char c, boolean name) {
        return c <= 0x20 || c >= 0x7f || c == '"' || c == '%' || (name && c == ':');
    }

    private static void appendPercentEncoded(StringBuilder out, String value, boolean name) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!needsEncoding(c, name)) {
                out.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
            for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            i = end - 1;
        }
    }

    /**
     * Reverses {@link #percentEncode(String)}; also unquotes an RFC 7230 quoted string first, as
     * the binding asks. A value that is not valid percent-encoded UTF-8 is returned unchanged.
     * @param value the header value
     * @return the decoded value
     */
    static String percentDecode(String value) {
        String unquoted = unquote(value);
        if (unquoted.indexOf('%') < 0) {
            return unquoted;
        }
        ByteBuffer bytes = ByteBuffer.allocate(unquoted.length() * 3);
        for (int i = 0; i < unquoted.length(); i++) {
            char c = unquoted.charAt(i);
            if (c == '%') {
                if (i + 2 >= unquoted.length()) {
                    return unquoted;
                }
                int high = Character.digit(unquoted.charAt(i + 1), 16);
                int low = Character.digit(unquoted.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return unquoted;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            }
            else if (c < 0x80) {
                bytes.put((byte) c);
            }
            else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes)
                .toString();
        }
        catch (CharacterCodingException ex) {
            return unquoted;
        }
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Instant parseTime(String time, String topic) {
        try {
            return Rfc3339.parse(time);
        }
        catch (DateTimeParseException ex) {
            if (logger.isDebugEnabled()) {
                logger.debug("Ignoring the unparsable ce-time '" + time + "' of a message on '" + topic + "'");
            }
            return null;
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
