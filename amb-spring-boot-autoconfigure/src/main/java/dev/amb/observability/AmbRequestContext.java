package dev.amb.observability;

import java.util.List;

import io.micrometer.observation.Observation;

/**
 * The context of an {@link AmbObservation#REQUEST} observation: a requester's round trip.
 *
 * @since 0.1.0
 */
public class AmbRequestContext extends Observation.Context {

    private final String correlationId;

    private final List<String> topics;

    private final String kind;

    private final String system;

    private volatile int replies;

    /**
     * @param correlationId the request's correlation id
     * @param topics the topics it goes to
     * @param kind {@code request}, {@code scatter} or {@code first}
     * @param system the {@code messaging.system} value
     */
    public AmbRequestContext(String correlationId, List<String> topics, String kind, String system) {
        this.correlationId = correlationId;
        this.topics = List.copyOf(topics);
        this.kind = kind;
        this.system = system;
    }

    /** @return the request's correlation id */
    public String correlationId() {
        return correlationId;
    }

    /** @return the topics the request goes to */
    public List<String> topics() {
        return topics;
    }

    /** @return {@code request}, {@code scatter} or {@code first} */
    public String kind() {
        return kind;
    }

    /** @return the {@code messaging.system} value */
    public String system() {
        return system;
    }

    /**
     * @return how many replies completed the request: 1 for a request or first-wins, those gathered
     *     for a scatter-gather; 0 while it is under way or when it failed
     */
    public int replies() {
        return replies;
    }

    void replies(int count) {
        this.replies = count;
    }
}
