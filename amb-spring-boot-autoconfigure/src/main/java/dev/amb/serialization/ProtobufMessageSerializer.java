package dev.amb.serialization;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Set;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import dev.amb.MessageSerializationException;
import dev.amb.spi.MessageSerializer;

/**
 * Protocol Buffers ({@code protobuf-java}), content type {@code application/protobuf}; also reads
 * the deprecated aliases {@code application/x-protobuf} and {@code application/vnd.google.protobuf}.
 *
 * <p>Payloads must be generated {@link Message} classes; anything else is a
 * {@link MessageSerializationException} naming its type. Each message is written in the protobuf
 * binary encoding, and its {@code datacontenttype} names the message's full protobuf name:
 * {@code application/protobuf; messagetype=acme.v1.Task}, so that any consumer, AMB or not, can
 * tell what it holds.
 *
 * <p>A handler declares the generated class it wants ({@code Task}, or {@code Message<Task>}) and
 * receives it parsed; a handler declaring {@code byte[]} receives the encoded bytes. Like protobuf
 * itself, the reader trusts the declared type: the {@code messagetype} parameter is not checked
 * against it, so renamed or moved messages stay readable. Any other declared type (a record, a
 * {@code Map}, {@code Object}) cannot be read from protobuf bytes and is a decoding failure that
 * says so.
 *
 * <p>Thread safe. The parser of each generated class is looked up once, by reflection on its
 * static {@code getDefaultInstance()}, and cached per class.
 *
 * @since 0.1.0
 */
public class ProtobufMessageSerializer implements MessageSerializer {

    /** The media type written. */
    public static final String CONTENT_TYPE = "application/protobuf";

    /** The {@code datacontenttype} parameter carrying the message's full protobuf name. */
    public static final String MESSAGE_TYPE_PARAMETER = "messagetype";

    private static final Set<String> READABLE = Set.of(CONTENT_TYPE, "application/x-protobuf",
            "application/vnd.google.protobuf");

    private final ClassValue<Parser<?>> parsers = new ClassValue<>() {
        @Override
        protected Parser<?> computeValue(Class<?> type) {
            return parserOf(type);
        }
    };

    /** Creates the serializer. */
    public ProtobufMessageSerializer() {
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    /**
     * {@inheritDoc}
     * @return {@code application/protobuf; messagetype=<full name>} for a {@link Message}
     */
    @Override
    public String contentTypeFor(Object data) {
        if (data instanceof Message message) {
            return CONTENT_TYPE + "; " + MESSAGE_TYPE_PARAMETER + "=" + message.getDescriptorForType().getFullName();
        }
        return CONTENT_TYPE;
    }

    @Override
    public boolean canRead(String contentType) {
        return READABLE.contains(MessageSerializer.baseType(contentType));
    }

    /** @return {@code true} only for generated protobuf {@link Message}s */
    @Override
    public boolean canSerialize(Object data) {
        return data instanceof Message;
    }

    @Override
    public byte[] serialize(Object data) {
        if (!(data instanceof Message message)) {
            throw new MessageSerializationException("The protobuf serializer writes generated com.google.protobuf.Message "
                    + "types only, not " + data.getClass().getName());
        }
        return message.toByteArray();
    }

    @Override
    public Object deserialize(byte[] data, Type type) {
        if (type == byte[].class) {
            return data.clone();
        }
        if (!(type instanceof Class<?> target) || !Message.class.isAssignableFrom(target)) {
            throw new MessageSerializationException("Cannot read protobuf bytes as " + type.getTypeName()
                    + ": protobuf payloads decode only into generated com.google.protobuf.Message classes (or byte[]);"
                    + " declare the generated class in the handler");
        }
        Parser<?> parser = parsers.get(target);
        try {
            return parser.parseFrom(data);
        }
        catch (InvalidProtocolBufferException ex) {
            throw new MessageSerializationException("Cannot read " + data.length + " bytes of protobuf as "
                    + target.getName() + ": " + ex.getMessage(), ex);
        }
    }

    private static Parser<?> parserOf(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw notGenerated(type, null);
        }
        try {
            Method getDefaultInstance = type.getMethod("getDefaultInstance");
            if (!Modifier.isStatic(getDefaultInstance.getModifiers())
                    || !(getDefaultInstance.invoke(null) instanceof Message defaultInstance)) {
                throw notGenerated(type, null);
            }
            return defaultInstance.getParserForType();
        }
        catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException ex) {
            throw notGenerated(type, ex);
        }
    }

    private static MessageSerializationException notGenerated(Class<?> type, Exception cause) {
        return new MessageSerializationException("Cannot read protobuf bytes as " + type.getName()
                + ": it is not a generated message class (no public static getDefaultInstance()); declare the"
                + " generated class in the handler", cause);
    }
}
