package dev.amb.benchmarks;

import java.lang.reflect.Type;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.serialization.MessagePackMessageSerializer;
import dev.amb.serialization.ProtobufMessageSerializer;
import dev.amb.spi.MessageSerializer;

/**
 * Encoding and decoding one agent message with each serializer AMB ships, through the same
 * {@link MessageSerializer} calls the bus makes: {@code serialize(payload)} when publishing and
 * {@code deserialize(bytes, declaredType)} when delivering. JSON and MessagePack bind the
 * {@link AgentMessage} record (on the mapper Spring Boot would configure); protobuf its generated
 * twin {@code AgentMessageProto}. Three sizes: about 100 B, 2 KB and 100 KB of JSON
 * ({@link AgentMessages}).
 *
 * <p>{@code roundTrip} is encode + decode, what one message costs a producer and a consumer
 * together; {@code encode} and {@code decode} split it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializationBenchmark {

    @Param({ "json", "msgpack", "protobuf" })
    public String format;

    @Param({ "small", "medium", "large" })
    public String size;

    private MessageSerializer serializer;

    private Object payload;

    private Type type;

    private byte[] encoded;

    @Setup(Level.Trial)
    public void setUp() {
        AgentMessages.Size shape = AgentMessages.Size.of(size);
        serializer = serializer(format);
        payload = AgentMessages.payload(format, shape);
        type = payload.getClass();
        encoded = serializer.serialize(payload);
    }

    static MessageSerializer serializer(String format) {
        return switch (format) {
            case "json" -> new JsonMessageSerializer();
            case "msgpack" -> new MessagePackMessageSerializer();
            case "protobuf" -> new ProtobufMessageSerializer();
            default -> throw new IllegalArgumentException("Unknown format '" + format + "'");
        };
    }

    @Benchmark
    public Object roundTrip() {
        return serializer.deserialize(serializer.serialize(payload), type);
    }

    @Benchmark
    public byte[] encode() {
        return serializer.serialize(payload);
    }

    @Benchmark
    public Object decode() {
        return serializer.deserialize(encoded, type);
    }
}
