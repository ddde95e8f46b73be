package dev.amb.samples.worker;

import java.util.Map;

/**
 * The reply to a {@link TextChunk}: its statistics.
 * @param jobId the map-reduce job
 * @param index the chunk's position
 * @param words how many words the chunk has
 * @param sentences how many sentences it has
 * @param wordCounts how often each (lower-case) word occurs
 * @param longestWord its longest word
 * @param analysedBy the worker that analysed it
 */
record ChunkStats(String jobId, int index, int words, int sentences, Map<String, Integer> wordCounts,
        String longestWord, String analysedBy) {
}
