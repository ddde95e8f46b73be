package dev.amb.samples.supervisor;

import java.time.Instant;
import java.util.List;

/**
 * What the supervisor knows of one worker.
 * @param agentId the worker's id
 * @param state its last reported state
 * @param load its last reported load
 * @param capabilities what it can do
 * @param tasksDone how many tasks it reported done
 * @param lastSeen when the supervisor last received its heartbeat (the supervisor's clock)
 * @param stale whether its heartbeats stopped coming
 * @since 0.1.0
 */
public record RosterEntry(String agentId, String state, double load, List<String> capabilities, long tasksDone,
        Instant lastSeen, boolean stale) {

    static RosterEntry of(AgentStatus status, Instant receivedAt) {
        return new RosterEntry(status.agentId(), status.state(), status.load(), List.copyOf(status.capabilities()),
                status.tasksDone(), receivedAt, false);
    }

    RosterEntry markStale() {
        return new RosterEntry(agentId, state, load, capabilities, tasksDone, lastSeen, true);
    }
}
