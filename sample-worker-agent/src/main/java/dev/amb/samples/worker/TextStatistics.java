package dev.amb.samples.worker;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the words and sentences of a text. Words are runs of letters, digits and apostrophes,
 * compared in lower case; sentences end with {@code .}, {@code !} or {@code ?}. Deterministic and
 * stateless.
 */
final class TextStatistics {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+");

    private final Map<String, Integer> wordCounts;

    private final int words;

    private final int sentences;

    private final String longestWord;

    private TextStatistics(Map<String, Integer> wordCounts, int words, int sentences, String longestWord) {
        this.wordCounts = wordCounts;
        this.words = words;
        this.sentences = sentences;
        this.longestWord = longestWord;
    }

    static TextStatistics of(String text) {
        Map<String, Integer> counts = new TreeMap<>();
        int words = 0;
        String longest = "";
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            String word = matcher.group().toLowerCase(Locale.ROOT);
            counts.merge(word, 1, Integer::sum);
            words++;
            if (word.length() > longest.length()) {
                longest = word;
            }
        }
        int sentences = (int) SENTENCE_END.matcher(text).results().count();
        if (sentences == 0 && words > 0) {
            sentences = 1;
        }
        return new TextStatistics(counts, words, sentences, longest);
    }

    Map<String, Integer> wordCounts() {
        return wordCounts;
    }

    int words() {
        return words;
    }

    int sentences() {
        return sentences;
    }

    String longestWord() {
        return longestWord;
    }

    /**
     * The most frequent words of at least {@code minLength} letters, most frequent first, ties in
     * alphabetical order.
     */
    List<String> topWords(int count, int minLength) {
        return wordCounts.entrySet()
            .stream()
            .filter(entry -> entry.getKey().length() >= minLength)
            .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
            .limit(count)
            .map(Map.Entry::getKey)
            .toList();
    }
}
