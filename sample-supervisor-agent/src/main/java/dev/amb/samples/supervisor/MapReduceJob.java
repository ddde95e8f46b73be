package dev.amb.samples.supervisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import dev.amb.Message;
import dev.amb.MessageBus;

/**
 * A map-reduce job over a document: split it into chunks of a few sentences, send every chunk at
 * once to the {@code workers} group with request/reply ({@code tasks.stats}; the group shares
 * them out), then add up the replies.
 *
 * @since 0.1.0
 */
@Component
public class MapReduceJob {

    private final MessageBus bus;

    private final Topics topics;

    private final SupervisorProperties.Job settings;

    MapReduceJob(MessageBus bus, Topics topics, SupervisorProperties properties) {
        this.bus = bus;
        this.topics = topics;
        this.settings = properties.getJob();
    }

    /**
     * Runs the job.
     * @param documentId the document's id
     * @param text the document's text
     * @return the reduced result
     * @throws ExecutionException when a map task failed (a {@link dev.amb.RemoteAgentException} or
     *         {@link dev.amb.RequestTimeoutException} as its cause)
     * @throws InterruptedException when interrupted while waiting
     * @throws TimeoutException when the replies did not all arrive in time
     */
    public JobResult run(String documentId, String text) throws ExecutionException, InterruptedException, TimeoutException {
        String jobId = documentId + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> chunks = chunks(text, settings.getChunkSentences());
        List<CompletableFuture<Message<ChunkStats>>> replies = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            replies.add(bus.request(topics.stats(), new TextChunk(jobId, i, chunks.get(i)), ChunkStats.class,
                    settings.getTaskTimeout()));
        }
        CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0]))
            .get(settings.getTaskTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        List<ChunkStats> stats = replies.stream()
            .map(reply -> reply.join().data())
            .sorted(Comparator.comparingInt(ChunkStats::index))
            .toList();
        return JobResult.reduce(jobId, documentId, stats, settings.getTopWords(), settings.getTopWordMinLength());
    }

    /** Splits a text after every {@code sentencesPerChunk} sentences ({@code .}, {@code !} or {@code ?} and a space). */
    static List<String> chunks(String text, int sentencesPerChunk) {
        String[] sentences = text.strip().split("(?<=[.!?])\\s+");
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < sentences.length; i += sentencesPerChunk) {
            int end = Math.min(sentences.length, i + sentencesPerChunk);
            chunks.add(String.join(" ", List.of(sentences).subList(i, end)));
        }
        return chunks;
    }
}
