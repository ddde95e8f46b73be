package dev.amb.serialization;

import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

import dev.amb.MessageSerializationException;
import dev.amb.serialization.proto.ResultProto;
import dev.amb.serialization.proto.TaskProto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufMessageSerializerTests {

    record TaskRecord(String id) {
    }

    private final ProtobufMessageSerializer serializer = new ProtobufMessageSerializer();

    static TaskProto task() {
        return TaskProto.newBuilder()
            .setId("t-1")
            .setDescription("Grüße ☃ 計画 🚀")
            .setPriority(7)
            .addAllTags(List.of("urgent", "λ"))
            .putAllAttributes(Map.of("owner", "planner", "ünïcode", "✓"))
            .setAttachment(ByteString.copyFrom(new byte[] { 0, 1, (byte) 0x80, (byte) 0xff }))
            .setCreatedAt(Timestamp.newBuilder().setSeconds(1_795_000_000L).setNanos(123_456_789))
            .setNextStep(TaskProto.Step.newBuilder().setName("review").setWeight(0.5))
            .build();
    }

    @Test
    void roundTripsGeneratedMessages() {
        TaskProto task = task();

        Object back = serializer.deserialize(serializer.serialize(task), TaskProto.class);

        assertThat(back).isEqualTo(task);
        assertThat(serializer.serialize(task)).isEqualTo(task.toByteArray());
    }

    @Test
    void contentTypeNamesTheMessagesFullProtobufName() {
        assertThat(serializer.contentTypeFor(task())).isEqualTo("application/protobuf; messagetype=amb.test.TaskProto");
        assertThat(serializer.contentTypeFor(ResultProto.getDefaultInstance()))
            .isEqualTo("application/protobuf; messagetype=amb.test.ResultProto");
        assertThat(serializer.contentType()).isEqualTo("application/protobuf");
    }

    @Test
    void readsItsMediaTypeWithParametersAndTheDeprecatedAliases() {
        assertThat(serializer.canRead(serializer.contentTypeFor(task()))).isTrue();
        assertThat(serializer.canRead("application/x-protobuf")).isTrue();
        assertThat(serializer.canRead("application/vnd.google.protobuf")).isTrue();
        assertThat(serializer.canRead("application/json")).isFalse();
        assertThat(serializer.canRead("application/protobuf+json")).isFalse();
    }

    @Test
    void writesOnlyGeneratedMessagesAndNamesAnythingElse() {
        assertThat(serializer.canSerialize(task())).isTrue();
        assertThat(serializer.canSerialize(new TaskRecord("x"))).isFalse();
        assertThatThrownBy(() -> serializer.serialize(new TaskRecord("x")))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining(TaskRecord.class.getName())
            .hasMessageContaining("com.google.protobuf.Message");
    }

    @Test
    void aHandlerDeclaringANonProtobufTypeGetsAClearDecodingFailure() {
        byte[] bytes = task().toByteArray();

        assertThatThrownBy(() -> serializer.deserialize(bytes, TaskRecord.class))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining(TaskRecord.class.getName())
            .hasMessageContaining("generated com.google.protobuf.Message classes");
        var generic = new ParameterizedTypeReference<List<TaskProto>>() {
        }.getType();
        assertThatThrownBy(() -> serializer.deserialize(bytes, generic))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("java.util.List<dev.amb.serialization.proto.TaskProto>");
        assertThatThrownBy(() -> serializer.deserialize(bytes, com.google.protobuf.Message.class))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining("not a generated message class");
    }

    @Test
    void aHandlerDeclaringByteArrayGetsTheEncodedBytes() {
        byte[] bytes = task().toByteArray();

        assertThat((byte[]) serializer.deserialize(bytes, byte[].class)).isEqualTo(bytes).isNotSameAs(bytes);
    }

    @Test
    void corruptBytesAreASerializationExceptionNamingTheTargetType() {
        byte[] bytes = task().toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> serializer.deserialize(truncated, TaskProto.class))
            .isInstanceOf(MessageSerializationException.class)
            .hasMessageContaining(TaskProto.class.getName());
        assertThatThrownBy(() -> serializer.deserialize(new byte[] { (byte) 0xff, (byte) 0xff }, TaskProto.class))
            .isInstanceOf(MessageSerializationException.class);
    }
}
