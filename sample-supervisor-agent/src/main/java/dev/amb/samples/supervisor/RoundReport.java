package dev.amb.samples.supervisor;

import java.util.List;

/**
 * What one round of the supervisor showed, pattern by pattern.
 * @param workers the active workers when the round started (the roster)
 * @param fetch the first-wins answer to the document query
 * @param job the map-reduce job's result
 * @param vote the scatter-gather vote's outcome
 * @param indexed the document a worker indexed (a fire-and-forget task)
 * @param deadLetter the dead letter of the corrupt copy sent to be indexed
 * @param classification the classification done through the flaky external tool
 * @param breakerChanges the circuit-breaker changes the workers reported meanwhile
 * @since 0.1.0
 */
public record RoundReport(List<RosterEntry> workers, FetchResult fetch, JobResult job, VoteOutcome vote,
        IndexedDocument indexed, DeadLetterReport deadLetter, Classification classification,
        List<BreakerChange> breakerChanges) {
}
