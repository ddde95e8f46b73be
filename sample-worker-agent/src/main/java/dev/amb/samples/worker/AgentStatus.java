package dev.amb.samples.worker;

import java.time.Instant;
import java.util.List;

/**
 * The worker's heartbeat, published on {@code agents.<id>.status}.
 * @param agentId the worker's id
 * @param state {@code IDLE}, {@code BUSY} or, in the last heartbeat, {@code STOPPED}
 * @param load the busy share of its analysis slots, from 0.0 to 1.0
 * @param capabilities what it can do
 * @param tasksDone how many tasks it finished since it started
 * @param time when the status was taken
 */
record AgentStatus(String agentId, String state, double load, List<String> capabilities, long tasksDone,
        Instant time) {
}
