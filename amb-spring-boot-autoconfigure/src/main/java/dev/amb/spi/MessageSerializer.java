package dev.amb.spi;

import java.lang.reflect.Type;
import java.util.Locale;

import dev.amb.MessageSerializationException;

/**
 * Turns payloads into bytes and back, for one media type.
 *
 * <p>The bus writes with the serializer chosen by {@code amb.serializer} and reads every message
 * with the serializer matching the message's own {@code datacontenttype}, so agents using
 * different serializers can share topics.
 *
 * <p><b>Threading:</b> implementations must be thread safe; they are called concurrently from
 * publisher and delivery threads.
 *
 * @since 0.1.0
 */
public interface MessageSerializer {

    /** @return the media type written into {@code datacontenttype}, e.g. {@code application/json} */
    String contentType();

    /**
     * The media type written into {@code datacontenttype} for one payload. By default
     * {@link #contentType()}; a serializer may add parameters that describe the payload, such as
     * the protobuf serializer's message type ({@code application/protobuf; messagetype=acme.Task}).
     * Whatever it returns, {@link #canRead(String)} must accept it.
     * @param data the non-null payload about to be {@linkplain #serialize(Object) serialized}
     * @return the media type of its serialized form
     */
    default String contentTypeFor(Object data) {
        return contentType();
    }

    /**
     * Whether this serializer reads the given media type. By default the type (ignoring
     * parameters such as {@code charset} and letter case) must equal {@link #contentType()}.
     * @param contentType a media type from a received message, never {@code null}
     * @return {@code true} when {@link #deserialize} can read it
     */
    default boolean canRead(String contentType) {
        return baseType(contentType).equals(baseType(contentType()));
    }

    /**
     * Whether this serializer can write the given payload (the bus fails fast with a clear error
     * otherwise). By default every payload.
     * @param data a non-null payload
     * @return {@code true} when {@link #serialize(Object)} can write it
     */
    default boolean canSerialize(Object data) {
        return true;
    }

    /**
     * Serializes a payload.
     * @param data the payload, never {@code null}
     * @return the bytes
     * @throws MessageSerializationException when it cannot be written
     */
    byte[] serialize(Object data);

    /**
     * Deserializes bytes into the requested type (generic types included).
     * @param data the bytes, never empty
     * @param type the target type, e.g. {@code Map<String, List<Task>>}
     * @return the payload
     * @throws MessageSerializationException when the bytes cannot be read as {@code type}
     */
    Object deserialize(byte[] data, Type type);

    /**
     * The media type without parameters, in lower case.
     * @param contentType a media type such as {@code Application/JSON; charset=utf-8}
     * @return e.g. {@code application/json}
     */
    static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String base = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
        return base.trim().toLowerCase(Locale.ROOT);
    }
}
