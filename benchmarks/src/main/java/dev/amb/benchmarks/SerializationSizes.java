package dev.amb.benchmarks;

import java.util.Locale;

import dev.amb.spi.MessageSerializer;

/**
 * Prints the encoded size of {@link SerializationBenchmark}'s messages in each format, as a
 * Markdown table: {@code java -cp benchmarks/target/amb-benchmarks.jar dev.amb.benchmarks.SerializationSizes}.
 */
public final class SerializationSizes {

    private SerializationSizes() {
    }

    /**
     * Prints the table.
     * @param args ignored
     */
    public static void main(String[] args) {
        String[] formats = { "json", "msgpack", "protobuf" };
        System.out.println("| message | json (B) | msgpack (B) | protobuf (B) |");
        System.out.println("|---|---:|---:|---:|");
        for (AgentMessages.Size size : AgentMessages.Size.values()) {
            StringBuilder row = new StringBuilder("| " + size.name().toLowerCase(Locale.ROOT) + " |");
            for (String format : formats) {
                MessageSerializer serializer = SerializationBenchmark.serializer(format);
                Object payload = AgentMessages.payload(format, size);
                byte[] encoded = serializer.serialize(payload);
                Object decoded = serializer.deserialize(encoded, payload.getClass());
                if (!java.util.Arrays.equals(serializer.serialize(decoded), encoded)) {
                    throw new IllegalStateException(format + " did not round-trip the " + size + " message");
                }
                row.append(String.format(Locale.ROOT, " %,d |", encoded.length));
            }
            System.out.println(row);
        }
    }
}
