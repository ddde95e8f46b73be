package dev.amb.spi.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;

/**
 * A compact, exact binary form of an {@link Envelope}, for brokers that carry opaque bytes and
 * for the memory broker (which stores envelopes only in this form, so that tests exercise the
 * same byte boundary a network broker has).
 *
 * <p>Layout (all integers big-endian): the magic {@code "AMB"} and format version {@code 1};
 * then {@code id}, {@code topic}, {@code source}, {@code contentType} as strings; the time as
 * epoch seconds (8 bytes, {@code Long.MIN_VALUE} for none) and nanoseconds (4 bytes); the
 * extensions and then the user headers, each as a count followed by name/value string pairs; and
 * finally the data as a length and the bytes. A string is its UTF-8 length (4 bytes, {@code -1}
 * for {@code null}) followed by the UTF-8 bytes. The layout is written down in
 * {@code docs/wire-format.md}.
 *
 * <p>Stateless and thread safe.
 *
 * @since 0.1.0
 */
public final class BinaryEnvelopeCodec {

    private static final byte[] MAGIC = { 'A', 'M', 'B' };

    private static final byte VERSION = 1;

    private BinaryEnvelopeCodec() {
    }

    /**
     * Encodes an envelope.
     * @param envelope the envelope
     * @return its binary form
     */
    public static byte[] encode(Envelope envelope) {
        byte[][] strings = {
            utf8(envelope.id()), utf8(envelope.topic()), utf8(envelope.source()), utf8(envelope.contentType()) };
        byte[][] extensions = pairs(envelope.extensions());
        byte[][] headers = pairs(envelope.headers());
        int size = MAGIC.length + 1 + 12 + 4 + 4 + 4 + envelope.data().length;
        for (byte[][] group : new byte[][][] { strings, extensions, headers }) {
            for (byte[] s : group) {
                size += 4 + (s != null ? s.length : 0);
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.put(MAGIC).put(VERSION);
        for (byte[] s : strings) {
            putString(buffer, s);
        }
        Instant time = envelope.time();
        buffer.putLong(time != null ? time.getEpochSecond() : Long.MIN_VALUE);
        buffer.putInt(time != null ? time.getNano() : 0);
        putPairs(buffer, extensions);
        putPairs(buffer, headers);
        buffer.putInt(envelope.data().length).put(envelope.data());
        return buffer.array();
    }

    /**
     * Decodes what {@link #encode(Envelope)} wrote.
     * @param bytes the binary form
     * @return the envelope
     * @throws MessageSerializationException when the bytes are not an encoded envelope
     */
    public static Envelope decode(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            buffer.get(magic);
            byte version = buffer.get();
            if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
                throw new MessageSerializationException("Not an AMB binary envelope (bad magic or version " + version + ")");
            }
            Envelope.Builder builder = Envelope.builder()
                .id(getString(buffer))
                .topic(getString(buffer))
                .source(getString(buffer))
                .contentType(getString(buffer));
            long seconds = buffer.getLong();
            int nanos = buffer.getInt();
            builder.time(seconds == Long.MIN_VALUE ? null : Instant.ofEpochSecond(seconds, nanos));
            int extensionCount = buffer.getInt();
            for (int i = 0; i < extensionCount; i++) {
                builder.extension(getString(buffer), getString(buffer));
            }
            int headerCount = buffer.getInt();
            for (int i = 0; i < headerCount; i++) {
                builder.header(getString(buffer), getString(buffer));
            }
            int dataLength = buffer.getInt();
            if (dataLength < 0 || dataLength > buffer.remaining()) {
                throw new MessageSerializationException("AMB binary envelope data length " + dataLength
                        + " does not fit the " + buffer.remaining() + " bytes left");
            }
            byte[] data = new byte[dataLength];
            buffer.get(data);
            if (buffer.hasRemaining()) {
                throw new MessageSerializationException(
                        "AMB binary envelope has " + buffer.remaining() + " trailing bytes");
            }
            return builder.data(data).build();
        }
        catch (RuntimeException ex) {
            if (ex instanceof MessageSerializationException mse) {
                throw mse;
            }
            throw new MessageSerializationException("Corrupt AMB binary envelope (" + bytes.length + " bytes)", ex);
        }
    }

    private static byte[] utf8(String value) {
        return value != null ? value.getBytes(StandardCharsets.UTF_8) : null;
    }

    private static byte[][] pairs(Map<String, String> map) {
        byte[][] out = new byte[map.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out[i++] = utf8(entry.getKey());
            out[i++] = utf8(entry.getValue());
        }
        return out;
    }

    private static void putString(ByteBuffer buffer, byte[] s) {
        if (s == null) {
            buffer.putInt(-1);
        }
        else {
            buffer.putInt(s.length).put(s);
        }
    }

    private static void putPairs(ByteBuffer buffer, byte[][] pairs) {
        buffer.putInt(pairs.length / 2);
        for (byte[] s : pairs) {
            putString(buffer, s);
        }
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        if (length > buffer.remaining()) {
            throw new MessageSerializationException("AMB binary envelope string of " + length + " bytes exceeds the "
                    + buffer.remaining() + " bytes left");
        }
        String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return value;
    }
}
