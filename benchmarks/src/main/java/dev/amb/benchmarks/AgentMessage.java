package dev.amb.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A typical agent-to-agent message, as JSON and MessagePack see it: task identity, a summary,
 * tags and context, the steps the agent took with their text output, and an embedding. Empty
 * members are left out of the encoding, as protobuf leaves out default values.
 *
 * @param taskId the task
 * @param agent the agent that worked on it
 * @param kind what kind of message this is
 * @param createdAt when it was created
 * @param priority its priority
 * @param summary a short text
 * @param tags labels
 * @param context key/value context
 * @param steps the steps taken
 * @param embedding a vector representation of the result
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AgentMessage(String taskId, String agent, String kind, Instant createdAt, int priority, String summary,
        List<String> tags, Map<String, String> context, List<Step> steps, float[] embedding) {

    /**
     * One step of an agent's work.
     * @param name the step
     * @param output its text output
     * @param score a quality score
     */
    public record Step(String name, String output, double score) {
    }
}
