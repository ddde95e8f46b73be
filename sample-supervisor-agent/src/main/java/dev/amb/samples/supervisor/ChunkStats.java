package dev.amb.samples.supervisor;

import java.util.Map;

/**
 * A worker's statistics of one {@link TextChunk}.
 * @param jobId the map-reduce job
 * @param index the chunk's position
 * @param words how many words the chunk has
 * @param sentences how many sentences it has
 * @param wordCounts how often each (lower-case) word occurs
 * @param longestWord its longest word
 * @param analysedBy the worker that analysed it
 * @since 0.1.0
 */
public record ChunkStats(String jobId, int index, int words, int sentences, Map<String, Integer> wordCounts,
        String longestWord, String analysedBy) {
}
