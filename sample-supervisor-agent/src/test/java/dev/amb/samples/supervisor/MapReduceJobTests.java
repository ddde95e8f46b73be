package dev.amb.samples.supervisor;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MapReduceJobTests {

    @Test
    void splitsAfterEveryFewSentences() {
        assertThat(MapReduceJob.chunks("One. Two! Three? Four. Five.", 2)).containsExactly("One. Two!", "Three? Four.",
                "Five.");
        assertThat(MapReduceJob.chunks("No sentence end", 3)).containsExactly("No sentence end");
    }

    @Test
    void reduceAddsCountsAndRanksTheLongerWords() {
        JobResult result = JobResult.reduce("job", "doc",
                List.of(new ChunkStats("job", 0, 3, 1, Map.of("queue", 2, "a", 1), "queue", "w1"),
                        new ChunkStats("job", 1, 4, 2, Map.of("queue", 1, "broker", 2, "a", 1), "broker", "w2")),
                2, 5);

        assertThat(result.words()).isEqualTo(7);
        assertThat(result.sentences()).isEqualTo(3);
        assertThat(result.distinctWords()).isEqualTo(3);
        assertThat(result.topWords()).containsExactly(new JobResult.WordCount("queue", 3),
                new JobResult.WordCount("broker", 2));
        assertThat(result.longestWord()).isEqualTo("broker");
        assertThat(result.chunksByWorker()).containsExactly(Map.entry("w1", 1), Map.entry("w2", 1));
    }
}
