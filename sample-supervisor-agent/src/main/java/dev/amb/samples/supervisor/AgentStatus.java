package dev.amb.samples.supervisor;

import java.time.Instant;
import java.util.List;

/**
 * A worker's heartbeat, as the supervisor reads it from {@code agents.<id>.status}.
 * @param agentId the worker's id
 * @param state {@code IDLE}, {@code BUSY} or, in a worker's last heartbeat, {@code STOPPED}
 * @param load the busy share of its analysis slots, from 0.0 to 1.0
 * @param capabilities what it can do
 * @param tasksDone how many tasks it finished since it started
 * @param time when the worker took the status (its own clock)
 * @since 0.1.0
 */
public record AgentStatus(String agentId, String state, double load, List<String> capabilities, long tasksDone,
        Instant time) {

    /** @return whether this is a worker's goodbye */
    public boolean stopped() {
        return "STOPPED".equals(state);
    }
}
