package dev.amb.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The serializers {@code amb.serializer} can name: the format this agent writes. Every available
 * format is read, whatever this setting.
 *
 * @since 0.1.0
 */
public enum SerializerType {

    /** JSON through the application's Jackson {@code ObjectMapper} (the default). */
    JSON("application/json"),

    /** MessagePack through {@code jackson-dataformat-msgpack}. */
    MSGPACK("application/msgpack"),

    /** Protocol Buffers: payloads must be generated {@code com.google.protobuf.Message} types. */
    PROTOBUF("application/protobuf");

    private final String contentType;

    SerializerType(String contentType) {
        this.contentType = contentType;
    }

    /** @return the media type this serializer writes */
    public String contentType() {
        return contentType;
    }

    /** @return the property value, e.g. {@code json} */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String allValues() {
        return Arrays.stream(values()).map(SerializerType::value).collect(Collectors.joining(", "));
    }
}
