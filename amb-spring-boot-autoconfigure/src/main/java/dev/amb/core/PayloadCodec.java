package dev.amb.core;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;
import dev.amb.spi.MessageSerializer;

/**
 * Chooses the serializer for each payload: the configured writer for outgoing messages, and for
 * incoming ones the reader matching the message's own {@code datacontenttype}, so that agents
 * using different serializers understand each other. Thread safe.
 */
final class PayloadCodec {

    private final MessageSerializer writer;

    private final List<MessageSerializer> readers;

    PayloadCodec(MessageSerializer writer, List<MessageSerializer> readers) {
        this.writer = Objects.requireNonNull(writer, "writer serializer");
        List<MessageSerializer> all = new ArrayList<>();
        all.add(writer);
        readers.stream().filter(r -> r != writer).forEach(all::add);
        this.readers = List.copyOf(all);
    }

    /**
     * Serializes a payload with the writer; {@code null} becomes an empty payload.
     * @throws MessageSerializationException naming the payload type when it cannot be written
     */
    Encoded encode(Object data) {
        if (data == null) {
            return new Encoded(writer.contentType(), new byte[0]);
        }
        if (!writer.canSerialize(data)) {
            throw new MessageSerializationException("The " + writer.contentType() + " serializer cannot write a "
                    + data.getClass().getName() + " payload");
        }
        try {
            return new Encoded(writer.contentTypeFor(data), writer.serialize(data));
        }
        catch (MessageSerializationException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw new MessageSerializationException("Cannot serialize a " + data.getClass().getName() + " payload as "
                    + writer.contentType() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Decodes an envelope's payload into {@code type}. An empty payload is {@code null}. A message
     * without a content type (from a plain client) is read with the writer's format; if that fails
     * and the target is {@code String} or {@code byte[]}, the raw text or bytes are used.
     * @throws MessageSerializationException when the payload cannot be decoded
     */
    Object decode(Envelope envelope, Type type) {
        byte[] data = envelope.data();
        if (data.length == 0) {
            return null;
        }
        String contentType = envelope.contentType();
        if (contentType == null) {
            try {
                return read(writer, data, type, envelope);
            }
            catch (MessageSerializationException ex) {
                if (type == String.class) {
                    return new String(data, StandardCharsets.UTF_8);
                }
                if (type == byte[].class) {
                    return data.clone();
                }
                throw ex;
            }
        }
        String base = MessageSerializer.baseType(contentType);
        if (type == byte[].class && base.equals("application/octet-stream")) {
            return data.clone();
        }
        if (type == String.class && base.startsWith("text/")) {
            return new String(data, StandardCharsets.UTF_8);
        }
        for (MessageSerializer reader : readers) {
            if (reader.canRead(contentType)) {
                return read(reader, data, type, envelope);
            }
        }
        throw new MessageSerializationException("No serializer reads content type '" + contentType + "' (message "
                + envelope.id() + " on '" + envelope.topic() + "'); available: "
                + readers.stream().map(MessageSerializer::contentType).toList());
    }

    private static Object read(MessageSerializer reader, byte[] data, Type type, Envelope envelope) {
        try {
            return reader.deserialize(data, type);
        }
        catch (MessageSerializationException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw new MessageSerializationException("Cannot decode message " + envelope.id() + " on '"
                    + envelope.topic() + "' as " + type.getTypeName() + ": " + ex.getMessage(), ex);
        }
    }

    /** A serialized payload and its media type. */
    record Encoded(String contentType, byte[] bytes) {
    }
}
