package dev.amb.samples.supervisor;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reduced result of a map-reduce job over a document.
 * @param jobId the job
 * @param documentId the document
 * @param chunks how many chunks (map tasks) it was split into
 * @param words how many words it has
 * @param sentences how many sentences it has
 * @param distinctWords how many different words it has
 * @param topWords its most frequent words, most frequent first
 * @param longestWord its longest word
 * @param chunksByWorker how many chunks each worker analysed
 * @since 0.1.0
 */
public record JobResult(String jobId, String documentId, int chunks, int words, int sentences, int distinctWords,
        List<WordCount> topWords, String longestWord, Map<String, Integer> chunksByWorker) {

    /**
     * A word and how often it occurs.
     * @param word the word
     * @param count its count
     */
    public record WordCount(String word, int count) {
    }

    /**
     * The reduce step: adds up the chunks' statistics.
     * @param jobId the job
     * @param documentId the document
     * @param stats every chunk's statistics
     * @param topWords how many of the most frequent words to keep
     * @param topWordMinLength the shortest word among them
     * @return the job's result
     */
    static JobResult reduce(String jobId, String documentId, List<ChunkStats> stats, int topWords, int topWordMinLength) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> byWorker = new TreeMap<>();
        int words = 0;
        int sentences = 0;
        String longest = "";
        for (ChunkStats chunk : stats) {
            chunk.wordCounts().forEach((word, count) -> counts.merge(word, count, Integer::sum));
            byWorker.merge(chunk.analysedBy(), 1, Integer::sum);
            words += chunk.words();
            sentences += chunk.sentences();
            if (chunk.longestWord().length() > longest.length()) {
                longest = chunk.longestWord();
            }
        }
        List<WordCount> top = counts.entrySet()
            .stream()
            .filter(entry -> entry.getKey().length() >= topWordMinLength)
            .map(entry -> new WordCount(entry.getKey(), entry.getValue()))
            .sorted(Comparator.comparingInt(WordCount::count).reversed().thenComparing(WordCount::word))
            .limit(topWords)
            .toList();
        return new JobResult(jobId, documentId, stats.size(), words, sentences, counts.size(), top, longest, byWorker);
    }
}
