package dev.amb.serialization;

import java.io.IOException;
import java.lang.reflect.Type;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import dev.amb.MessageSerializationException;
import dev.amb.spi.MessageSerializer;

/**
 * MessagePack through Jackson ({@code jackson-dataformat-msgpack}), content type
 * {@code application/msgpack}; also reads the older {@code application/x-msgpack}.
 *
 * <p>The data binding is JSON's: the serializer copies the given {@link ObjectMapper} (in a
 * Spring Boot application, the application's own) onto a {@link MessagePackFactory}, so records,
 * Java time, generic types, {@code Optional}s, the application's modules, mix-ins and settings
 * behave exactly as they do for {@link JsonMessageSerializer}. Only the encoding differs: the
 * output is MessagePack, and {@code byte[]} fields are written as MessagePack {@code bin}
 * values (not as base64 text as in JSON).
 *
 * <p>Jackson 2 only: {@code jackson-dataformat-msgpack} is built on Jackson 2's databind (it
 * brings it), and there is no Jackson 3 MessagePack format. On Spring Boot 4, whose application
 * mapper is Jackson 3's, the auto-configuration uses
 * {@link Jackson2Json#defaultObjectMapper()} unless the application also defines a
 * Jackson 2 {@link ObjectMapper} (for example with {@code spring-boot-jackson2}).
 *
 * <p>Thread safe (Jackson mappers are).
 *
 * @since 0.1.0
 */
public class MessagePackMessageSerializer implements MessageSerializer {

    /** The media type written. */
    public static final String CONTENT_TYPE = "application/msgpack";

    /** The unregistered media type older MessagePack producers write; read as well. */
    public static final String LEGACY_CONTENT_TYPE = "application/x-msgpack";

    private final ObjectMapper objectMapper;

    /** Creates a serializer on a copy of {@link Jackson2Json#defaultObjectMapper()}. */
    public MessagePackMessageSerializer() {
        this(Jackson2Json.defaultObjectMapper());
    }

    /**
     * Creates a serializer with the data binding of the given mapper, which is copied (and left
     * unchanged).
     * @param objectMapper the mapper whose modules and settings to use (the application's, normally)
     */
    public MessagePackMessageSerializer(ObjectMapper objectMapper) {
        this.objectMapper = MessagePackMapperCopy.of(objectMapper);
    }

    /** @return the MessagePack mapper in use (a copy of the mapper given to the constructor) */
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
        return base.equals(CONTENT_TYPE) || base.equals(LEGACY_CONTENT_TYPE);
    }

    @Override
    public byte[] serialize(Object data) {
        try {
            return objectMapper.writeValueAsBytes(data);
        }
        catch (JsonProcessingException ex) {
            throw new MessageSerializationException("Cannot write a " + data.getClass().getName() + " as MessagePack: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Object deserialize(byte[] data, Type type) {
        JavaType javaType = objectMapper.getTypeFactory().constructType(type);
        try {
            return objectMapper.readValue(data, javaType);
        }
        catch (IOException | RuntimeException ex) {
            // msgpack-core reports some truncated or malformed input with its own unchecked exceptions
            throw new MessageSerializationException("Cannot read " + data.length + " bytes of MessagePack as "
                    + type.getTypeName() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * A copy of an application's mapper that reads and writes MessagePack. Jackson's
     * {@code ObjectMapper.copyWith(JsonFactory)} refuses subclasses such as {@code JsonMapper}
     * (which Spring Boot and {@link Jackson2Json#defaultObjectMapper()} build), so the
     * copy goes through the protected copy constructor instead: it keeps the configuration,
     * registered modules' serializers and deserializers, mix-ins and subtypes of the source.
     */
    private static final class MessagePackMapperCopy extends ObjectMapper {

        private static final long serialVersionUID = 1L;

        private MessagePackMapperCopy(ObjectMapper source, JsonFactory factory) {
            super(source, factory);
        }

        static ObjectMapper of(ObjectMapper source) {
            return new MessagePackMapperCopy(source, new MessagePackFactory());
        }

        @Override
        public ObjectMapper copy() {
            return new MessagePackMapperCopy(this, new MessagePackFactory());
        }

        @Override
        public ObjectMapper copyWith(JsonFactory factory) {
            return new MessagePackMapperCopy(this, factory);
        }
    }
}
