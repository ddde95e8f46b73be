package dev.amb.serialization;

import java.io.IOException;
import java.lang.reflect.Type;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.amb.MessageSerializationException;

/**
 * JSON on a Jackson 2 {@link ObjectMapper} ({@code com.fasterxml.jackson.databind}). Loaded only
 * when a serializer is created on Jackson 2.
 */
final class Jackson2JsonBinding implements JsonBinding {

    /** What {@link #line()} returns. */
    static final String LINE = "Jackson 2";

    private final ObjectMapper objectMapper;

    Jackson2JsonBinding(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /**
     * A mapper configured as Spring Boot 3 configures its own: every module on the class path
     * (Java time, JDK 8 types, parameter names), ISO dates instead of timestamps, and no failure
     * on unknown properties, so that an older agent reads a newer agent's messages.
     * @return a new mapper
     */
    static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    }

    @Override
    public byte[] write(Object data) {
        try {
            return objectMapper.writeValueAsBytes(data);
        }
        catch (JsonProcessingException ex) {
            throw new MessageSerializationException("Cannot write a " + data.getClass().getName() + " as JSON: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Object read(byte[] data, Type type) {
        JavaType javaType = objectMapper.getTypeFactory().constructType(type);
        try {
            return objectMapper.readValue(data, javaType);
        }
        catch (IOException ex) {
            throw new MessageSerializationException("Cannot read " + data.length + " bytes of JSON as "
                    + type.getTypeName() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public ObjectMapper mapper() {
        return objectMapper;
    }

    @Override
    public String line() {
        return LINE;
    }
}
