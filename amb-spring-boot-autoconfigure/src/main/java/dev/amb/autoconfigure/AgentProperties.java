package dev.amb.autoconfigure;

/**
 * This agent's identity ({@code amb.agent.*}).
 *
 * @since 0.1.0
 */
public class AgentProperties {

    /**
     * This agent's id, sent as the source of every message it publishes. Defaults to
     * spring.application.name (or "amb-agent") followed by a random suffix, so that several
     * instances of one application have different ids.
     */
    private String id;

    /** @return the configured id, or {@code null} to generate one */
    public String getId() {
        return id;
    }

    /** @param id the agent id */
    public void setId(String id) {
        this.id = id;
    }
}
