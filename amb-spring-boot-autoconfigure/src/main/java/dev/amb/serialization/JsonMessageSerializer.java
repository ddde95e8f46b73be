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
import dev.amb.spi.MessageSerializer;

/**
 * JSON through Jackson, content type {@code application/json}. In a Spring Boot application it
 * uses the application's own {@link ObjectMapper}, so the same modules and settings apply to
 * messages as to HTTP. Also reads any {@code +json} media type (such as
 * {@code application/cloudevents+json} data).
 *
 * <p>Thread safe (Jackson mappers are).
 *
 * @since 0.1.0
 */
public class JsonMessageSerializer implements MessageSerializer {

    /** The media type written. */
    public static final String CONTENT_TYPE = "application/json";

    private final ObjectMapper objectMapper;

    /** Creates a serializer with {@link #defaultObjectMapper()}. */
    public JsonMessageSerializer() {
        this(defaultObjectMapper());
    }

    /**
     * Creates a serializer with the given mapper.
     * @param objectMapper the mapper (the application's, normally)
     */
    public JsonMessageSerializer(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /**
     * A mapper configured as Spring Boot configures its own: every module on the class path
     * (Java time, JDK 8 types, parameter names), ISO dates instead of timestamps, and no failure
     * on unknown properties, so that an older agent reads a newer agent's messages.
     * @return a new mapper
     */
    public static ObjectMapper defaultObjectMapper() {
        return JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    }

    /** @return the mapper in use */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public boolean canRead(String contentType) {
        String base = MessageSerializer.baseType(contentType);
        return base.equals(CONTENT_TYPE) || base.equals("text/json") || base.endsWith("+json");
    }

    @Override
    public byte[] serialize(Object data) {
        try {
            return objectMapper.writeValueAsBytes(data);
        }
        catch (JsonProcessingException ex) {
            throw new MessageSerializationException("Cannot write a " + data.getClass().getName() + " as JSON: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Object deserialize(byte[] data, Type type) {
        JavaType javaType = objectMapper.getTypeFactory().constructType(type);
        try {
            return objectMapper.readValue(data, javaType);
        }
        catch (IOException ex) {
            throw new MessageSerializationException("Cannot read " + data.length + " bytes of JSON as "
                    + type.getTypeName() + ": " + ex.getMessage(), ex);
        }
    }
}
