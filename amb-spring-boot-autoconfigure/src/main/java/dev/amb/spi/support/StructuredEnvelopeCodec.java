package dev.amb.spi.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.amb.AmbHeaders;
import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;
import dev.amb.spi.MessageSerializer;

/**
 * The CloudEvents 1.0 JSON event format ("structured content mode") for brokers without message
 * headers, such as Redis pub/sub.
 *
 * <p>Context attributes and AMB's extensions are top-level members. The payload is {@code data}
 * (embedded as JSON when the content type is JSON, as a JSON string for {@code text/*}) or
 * {@code data_base64} for any other media type. User headers, whose names need not follow the
 * CloudEvents extension naming rules, travel in one string extension, {@code ambheaders}, holding
 * a JSON object of the headers. {@code source} is always a URI-reference, as the specification
 * requires: {@value #UNKNOWN_SOURCE} when the envelope has none, and percent-encoded when the
 * agent id is not one. The exact mapping is in {@code docs/wire-format.md}.
 *
 * <p>{@link #decode(byte[], String)} also accepts what a plain client sends: any bytes that are
 * not a CloudEvent become the data of an envelope on the topic they arrived on, with a generated
 * id and no content type.
 *
 * <p>Stateless and thread safe. Only Jackson's streaming API is used, so decoding extracts the
 * {@code data} member's exact bytes without building a tree.
 *
 * @since 0.1.0
 */
public final class StructuredEnvelopeCodec {

    /** The media type of a structured CloudEvent. */
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    /** The extension carrying the user headers as a JSON object string. */
    public static final String HEADERS_EXTENSION = "ambheaders";

    /** The {@code source} written when an envelope has none (CloudEvents requires one). */
    public static final String UNKNOWN_SOURCE = "urn:amb:unknown";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private StructuredEnvelopeCodec() {
    }

    /**
     * Encodes an envelope as a structured CloudEvent.
     * @param envelope the envelope
     * @return UTF-8 JSON bytes
     */
    public static byte[] encode(Envelope envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.data().length + 256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(AmbHeaders.CE_SPECVERSION, AmbHeaders.SPEC_VERSION);
            json.writeStringField(AmbHeaders.CE_ID, envelope.id());
            json.writeStringField(AmbHeaders.CE_SOURCE, source(envelope.source()));
            json.writeStringField(AmbHeaders.CE_TYPE, envelope.topic());
            if (envelope.time() != null) {
                json.writeStringField(AmbHeaders.CE_TIME, Rfc3339.format(envelope.time()));
            }
            if (envelope.contentType() != null) {
                json.writeStringField(AmbHeaders.CE_DATACONTENTTYPE, envelope.contentType());
            }
            for (Map.Entry<String, String> extension : envelope.extensions().entrySet()) {
                json.writeStringField(extension.getKey(), extension.getValue());
            }
            if (!envelope.headers().isEmpty()) {
                json.writeStringField(HEADERS_EXTENSION, headersJson(envelope.headers()));
            }
            writeData(json, envelope);
            json.writeEndObject();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * CloudEvents requires {@code source} to be a URI-reference, and SDKs reject events whose
     * source is not one. Agent ids almost always are ({@code planner-1}); in one that is not (say,
     * with a space), every character but the URI's unreserved ones is percent-encoded as UTF-8.
     */
    private static String source(String source) {
        if (source == null) {
            return UNKNOWN_SOURCE;
        }
        try {
            return new URI(source).toString();
        }
        catch (URISyntaxException ex) {
            StringBuilder encoded = new StringBuilder(source.length() + 16);
            for (byte b : source.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    encoded.append(c);
                }
                else {
                    encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            return encoded.toString();
        }
    }

    private static void writeData(JsonGenerator json, Envelope envelope) throws IOException {
        byte[] data = envelope.data();
        if (data.length == 0) {
            return;
        }
        String base = envelope.contentType() != null ? MessageSerializer.baseType(envelope.contentType()) : null;
        if (isJsonBase(base) && isValidJson(data) && !isWhitespace(data[0]) && !isWhitespace(data[data.length - 1])) {
            // embedded byte for byte; JSON with surrounding whitespace (which embedding would drop) goes to data_base64
            json.writeFieldName("data");
            json.writeRawValue(new String(data, StandardCharsets.UTF_8));
        }
        else if (base != null && base.startsWith("text/") && !isJsonBase(base) && isUtf8(data)) {
            // a JSON type's string value is JSON text (decoding keeps it raw), and bytes that are not
            // UTF-8 would not survive a JSON string: both travel as data_base64
            json.writeStringField("data", new String(data, StandardCharsets.UTF_8));
        }
        else {
            json.writeStringField("data_base64", Base64.getEncoder().encodeToString(data));
        }
    }

    /**
     * Decodes a structured CloudEvent, or wraps a plain message.
     * @param bytes what arrived
     * @param arrivedOn the topic (channel) it arrived on, used when the bytes are not a CloudEvent
     * @return the envelope
     * @throws MessageSerializationException when the bytes claim to be a CloudEvent (they have a
     *         {@code specversion}) but are not a valid one
     */
    public static Envelope decode(byte[] bytes, String arrivedOn) {
        return decode(bytes, arrivedOn, looksLikeCloudEvent(bytes));
    }

    /**
     * {@link #decode(byte[], String)} for a caller that already asked
     * {@link #looksLikeCloudEvent(byte[])} (and keeps the answer), so the bytes are scanned once.
     * @param bytes what arrived
     * @param arrivedOn the topic (channel) it arrived on, used when the bytes are not a CloudEvent
     * @param cloudEvent what {@link #looksLikeCloudEvent(byte[])} said of the bytes
     * @return the envelope
     * @throws MessageSerializationException when the bytes claim to be a CloudEvent but are not a
     *         valid one
     */
    public static Envelope decode(byte[] bytes, String arrivedOn, boolean cloudEvent) {
        if (!cloudEvent) {
            return plain(bytes, arrivedOn);
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            return read(parser, bytes, arrivedOn);
        }
        catch (IOException | RuntimeException ex) {
            if (ex instanceof MessageSerializationException mse) {
                throw mse;
            }
            throw new MessageSerializationException("Invalid structured CloudEvent on '" + arrivedOn + "' ("
                    + bytes.length + " bytes): " + ex.getMessage(), ex);
        }
    }

    private static Envelope read(JsonParser parser, byte[] bytes, String arrivedOn) throws IOException {
        parser.nextToken();
        Envelope.Builder builder = Envelope.builder();
        Map<String, String> attributes = new LinkedHashMap<>();
        byte[] rawData = null; // the data member's JSON text, exactly as sent
        String textData = null; // the data member's value when it is a JSON string
        byte[] base64Data = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("data")) {
                if (value != JsonToken.VALUE_NULL) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    textData = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    rawData = Arrays.copyOfRange(bytes, start, end);
                }
            }
            else if (name.equals("data_base64")) {
                base64Data = Base64.getDecoder().decode(parser.getText());
            }
            else if (value == JsonToken.VALUE_NULL) {
                // CloudEvents: an attribute whose value is null is absent (never the string "null")
            }
            else if (value.isScalarValue()) {
                attributes.put(name, parser.getText());
            }
            else {
                parser.skipChildren(); // not a valid CloudEvents attribute type: ignore it
            }
        }
        String specVersion = attributes.remove(AmbHeaders.CE_SPECVERSION);
        if (!AmbHeaders.SPEC_VERSION.equals(specVersion)) {
            throw new MessageSerializationException("Unsupported CloudEvents specversion '" + specVersion + "' on '"
                    + arrivedOn + "'; AMB reads 1.0");
        }
        String id = attributes.remove(AmbHeaders.CE_ID);
        String type = attributes.remove(AmbHeaders.CE_TYPE);
        String contentType = attributes.remove(AmbHeaders.CE_DATACONTENTTYPE);
        String source = attributes.remove(AmbHeaders.CE_SOURCE);
        byte[] data = base64Data;
        if (rawData != null) {
            // CloudEvents: data without a datacontenttype is JSON
            if (contentType == null) {
                contentType = "application/json";
            }
            data = (textData != null && !isJson(contentType)) ? textData.getBytes(StandardCharsets.UTF_8) : rawData;
        }
        builder.id(id != null ? id : UUID.randomUUID().toString())
            .topic(type != null ? type : arrivedOn)
            .source(UNKNOWN_SOURCE.equals(source) ? null : source)
            .time(parseTime(attributes.remove(AmbHeaders.CE_TIME)))
            .contentType(contentType)
            .data(data);
        String headers = attributes.remove(HEADERS_EXTENSION);
        if (headers != null) {
            builder.headers(parseHeaders(headers));
        }
        attributes.forEach(builder::extension);
        return builder.build();
    }

    /**
     * Whether the bytes are a JSON object with a {@code specversion} member at the top level.
     * @param bytes the candidate
     * @return {@code true} for a structured CloudEvent
     */
    public static boolean looksLikeCloudEvent(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        if (i >= bytes.length || bytes[i] != '{') {
            return false;
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (parser.currentName().equals(AmbHeaders.CE_SPECVERSION)) {
                    return true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return false;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static Envelope plain(byte[] bytes, String arrivedOn) {
        return Envelope.builder().id(UUID.randomUUID().toString()).topic(arrivedOn).data(bytes).build();
    }

    /** Reads {@code time}: RFC 3339, the form {@link OffsetDateTime} reads (see {@link Rfc3339}). */
    private static Instant parseTime(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Rfc3339.parse(time);
        }
        catch (DateTimeParseException ex) {
            throw new MessageSerializationException("Invalid CloudEvents time '" + time + "' (RFC 3339 expected)", ex);
        }
    }

    static String headersJson(Map<String, String> headers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> header : headers.entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static Map<String, String> parseHeaders(String headersJson) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(headersJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MessageSerializationException("'" + HEADERS_EXTENSION + "' must hold a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                headers.put(name, parser.getText());
            }
        }
        return headers;
    }

    private static boolean isJson(String contentType) {
        return contentType != null && isJsonBase(MessageSerializer.baseType(contentType));
    }

    private static boolean isJsonBase(String base) {
        return base != null && (base.equals("application/json") || base.endsWith("+json") || base.equals("text/json"));
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static boolean isUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(data));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

    private static boolean isValidJson(byte[] data) {
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
