package dev.amb.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.google.protobuf.Timestamp;

import dev.amb.benchmarks.proto.AgentMessageProto;

/**
 * The three agent messages of {@link SerializationBenchmark}, built deterministically (fixed seed)
 * so every run and every format encodes the same content. Sizes are those of the JSON encoding:
 * about 100 B, 2 KB and 100 KB ({@link SerializationSizes} prints the exact figures per format).
 */
final class AgentMessages {

    /** The shape of each size: how much text, how many tags, context entries, steps and floats. */
    enum Size {

        SMALL(5, 0, 0, 0, 0, 0),

        MEDIUM(160, 6, 8, 3, 280, 32),

        LARGE(1_000, 20, 40, 40, 2_000, 1_024);

        final int summaryChars;

        final int tags;

        final int contextEntries;

        final int steps;

        final int stepChars;

        final int embedding;

        Size(int summaryChars, int tags, int contextEntries, int steps, int stepChars, int embedding) {
            this.summaryChars = summaryChars;
            this.tags = tags;
            this.contextEntries = contextEntries;
            this.steps = steps;
            this.stepChars = stepChars;
            this.embedding = embedding;
        }

        static Size of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private static final String[] WORDS = { "agent", "task", "review", "summary", "incident", "report", "latency",
            "customer", "invoice", "planner", "worker", "retry", "result", "context", "the", "a", "of", "and", "to",
            "with", "for", "naïve", "Grüße", "data", "model", "score", "queue", "step", "tool", "answer" };

    private AgentMessages() {
    }

    static AgentMessage record(Size size) {
        Random random = new Random(42);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < size.tags; i++) {
            tags.add(WORDS[random.nextInt(WORDS.length)] + "-" + i);
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < size.contextEntries; i++) {
            context.put("key" + i, text(random, 16));
        }
        List<AgentMessage.Step> steps = new ArrayList<>();
        for (int i = 0; i < size.steps; i++) {
            steps.add(new AgentMessage.Step("step-" + i, text(random, size.stepChars), random.nextInt(1000) / 1000.0));
        }
        float[] embedding = new float[size.embedding];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (float) random.nextGaussian();
        }
        String summary = size == Size.SMALL ? "ready" : text(random, size.summaryChars);
        return new AgentMessage("task-000042", "planner-1", "status", Instant.parse("2026-11-21T10:15:30.123Z"), 3,
                summary, tags, context, steps, embedding);
    }

    static AgentMessageProto proto(Size size) {
        AgentMessage message = record(size);
        AgentMessageProto.Builder builder = AgentMessageProto.newBuilder()
            .setTaskId(message.taskId())
            .setAgent(message.agent())
            .setKind(message.kind())
            .setCreatedAt(Timestamp.newBuilder()
                .setSeconds(message.createdAt().getEpochSecond())
                .setNanos(message.createdAt().getNano()))
            .setPriority(message.priority())
            .setSummary(message.summary())
            .addAllTags(message.tags())
            .putAllContext(message.context());
        for (AgentMessage.Step step : message.steps()) {
            builder.addSteps(AgentMessageProto.Step.newBuilder()
                .setName(step.name())
                .setOutput(step.output())
                .setScore(step.score()));
        }
        for (float value : message.embedding()) {
            builder.addEmbedding(value);
        }
        return builder.build();
    }

    /**
     * @param format {@code json}, {@code msgpack} or {@code protobuf}
     * @param size the message's size
     * @return the message as that format's serializer binds it: the generated
     *         {@code AgentMessageProto} for protobuf, the {@link AgentMessage} record otherwise
     */
    static Object payload(String format, Size size) {
        return format.equals("protobuf") ? proto(size) : record(size);
    }

    private static String text(Random random, int chars) {
        StringBuilder text = new StringBuilder(chars + 16);
        while (text.length() < chars) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
