package dev.amb.samples.worker;

import org.springframework.stereotype.Component;

import dev.amb.annotation.AgentResponder;

/**
 * The map step of the supervisor's map-reduce jobs: answers each {@link TextChunk} with its
 * statistics. The workers share the requests as members of the {@code workers} group.
 */
@Component
class ChunkAnalyst {

    private final WorkerProperties properties;

    private final WorkerLoad load;

    ChunkAnalyst(WorkerProperties properties, WorkerLoad load) {
        this.properties = properties;
        this.load = load;
    }

    @AgentResponder(topic = "${agent-system.name}.tasks.stats", group = "workers", concurrency = "${worker.concurrency}")
    ChunkStats analyse(TextChunk chunk) throws Exception {
        if (chunk.text() == null) {
            throw new IllegalArgumentException("chunk " + chunk.index() + " of job " + chunk.jobId() + " has no text");
        }
        return load.track(() -> {
            TextStatistics statistics = TextStatistics.of(chunk.text());
            return new ChunkStats(chunk.jobId(), chunk.index(), statistics.words(), statistics.sentences(),
                    statistics.wordCounts(), statistics.longestWord(), properties.getId());
        });
    }
}
