package dev.amb.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.amb.MessageSerializationException;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Envelope;
import dev.amb.spi.MessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTests {

    private final PayloadCodec codec = new PayloadCodec(new JsonMessageSerializer(), List.of());

    @Test
    void nullPayloadIsEmptyAndEmptyPayloadIsNull() {
        PayloadCodec.Encoded encoded = codec.encode(null);

        assertThat(encoded.bytes()).isEmpty();
        assertThat(codec.decode(envelope(encoded.bytes(), "application/json"), String.class)).isNull();
    }

    @Test
    void plainClientMessageWithoutContentTypeIsReadWithTheDefaultFormat() {
        Object data = codec.decode(envelope("{\"k\":1}", null), Map.class);

        assertThat(data).isEqualTo(Map.of("k", 1));
    }

    @Test
    void plainTextWithoutContentTypeReachesStringAndByteArrayHandlersAsIs() {
        assertThat(codec.decode(envelope("hello there", null), String.class)).isEqualTo("hello there");
        assertThat((byte[]) codec.decode(envelope("raw", null), byte[].class))
            .isEqualTo("raw".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(envelope("hi", "text/plain; charset=utf-8"), String.class)).isEqualTo("hi");
    }

    @Test
    void unknownContentTypeIsADecodingFailureNamingIt() {
        assertThatThrownBy(() -> codec.decode(envelope("x", "application/x-unknown"), String.class))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("application/x-unknown")
            .hasMessageContaining("application/json");
    }

    @Test
    void payloadTheWriterCannotHandleFailsFastNamingTheType() {
        MessageSerializer picky = new JsonMessageSerializer() {
            @Override
            public boolean canSerialize(Object data) {
                return data instanceof String;
            }
        };
        PayloadCodec pickyCodec = new PayloadCodec(picky, List.of());

        assertThatThrownBy(() -> pickyCodec.encode(42)).isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("java.lang.Integer");
    }

    @Test
    void writesTheContentTypeTheWriterGivesForEachPayload() {
        MessageSerializer describing = new JsonMessageSerializer() {
            @Override
            public String contentTypeFor(Object data) {
                return "application/json; profile=" + data.getClass().getSimpleName();
            }
        };
        PayloadCodec describingCodec = new PayloadCodec(describing, List.of());

        assertThat(describingCodec.encode(42).contentType()).isEqualTo("application/json; profile=Integer");
        assertThat(describingCodec.encode("x").contentType()).isEqualTo("application/json; profile=String");
        assertThat(describingCodec.encode(null).contentType()).isEqualTo("application/json");
    }

    @Test
    void readsWithTheSerializerMatchingTheMessagesContentType() {
        MessageSerializer upper = new MessageSerializer() {
            @Override
            public String contentType() {
                return "text/x-upper";
            }

            @Override
            public byte[] serialize(Object data) {
                return data.toString().toUpperCase().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Object deserialize(byte[] data, java.lang.reflect.Type type) {
                return "decoded:" + new String(data, StandardCharsets.UTF_8);
            }
        };
        PayloadCodec mixed = new PayloadCodec(new JsonMessageSerializer(), List.of(upper));

        assertThat(mixed.decode(envelope("ABC", "text/x-upper"), Object.class)).isEqualTo("decoded:ABC");
        assertThat(mixed.decode(envelope("\"abc\"", "application/json"), Object.class)).isEqualTo("abc");
    }

    private static Envelope envelope(String data, String contentType) {
        return envelope(data.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static Envelope envelope(byte[] data, String contentType) {
        return Envelope.builder().id("id").topic("t").contentType(contentType).data(data).build();
    }
}
