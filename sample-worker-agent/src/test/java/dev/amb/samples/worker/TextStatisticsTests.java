package dev.amb.samples.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextStatisticsTests {

    @Test
    void countsWordsInLowerCaseAndSentencesByTheirEnd() {
        TextStatistics statistics = TextStatistics.of("Agents talk. Agents listen! Do brokers sleep? No");

        assertThat(statistics.words()).isEqualTo(8);
        assertThat(statistics.sentences()).isEqualTo(3);
        assertThat(statistics.wordCounts()).containsEntry("agents", 2).containsEntry("no", 1);
        assertThat(statistics.longestWord()).isEqualTo("brokers");
    }

    @Test
    void ranksTopWordsByCountThenAlphabetically() {
        TextStatistics statistics = TextStatistics.of("beta alpha gamma beta alpha delta it it it");

        assertThat(statistics.topWords(3, 4)).containsExactly("alpha", "beta", "delta");
        assertThat(statistics.topWords(1, 1)).containsExactly("it");
    }

    @Test
    void treatsAnEmptyTextAsNoWordsAndNoSentences() {
        TextStatistics statistics = TextStatistics.of("  ");

        assertThat(statistics.words()).isZero();
        assertThat(statistics.sentences()).isZero();
        assertThat(statistics.longestWord()).isEmpty();
    }
}
