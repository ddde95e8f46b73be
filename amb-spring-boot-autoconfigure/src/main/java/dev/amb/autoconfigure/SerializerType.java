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

    /**
     * JSON through the application's Jackson mapper (the default): Jackson 3's {@code JsonMapper}
     * on Spring Boot 4, Jackson 2's {@code ObjectMapper} on Boot 3.5.
     */
    JSON("application/json", "org.springframework.boot:spring-boot-starter-json (Jackson 3,"
            + " tools.jackson.core:jackson-databind, on Spring Boot 4; Jackson 2,"
            + " com.fasterxml.jackson.core:jackson-databind, on Boot 3.5)"),

    /** MessagePack through {@code jackson-dataformat-msgpack} (on Jackson 2, the only line it supports). */
    MSGPACK("application/msgpack", "org.msgpack:jackson-dataformat-msgpack"),

    /** Protocol Buffers: payloads must be generated {@code com.google.protobuf.Message} types. */
    PROTOBUF("application/protobuf", "com.google.protobuf:protobuf-java");

    private final String contentType;

    private final String library;

    SerializerType(String contentType, String library) {
        this.contentType = contentType;
        this.library = library;
    }

    /** @return the library (Maven coordinates, without version) that must be on the class path */
    public String library() {
        return library;
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
