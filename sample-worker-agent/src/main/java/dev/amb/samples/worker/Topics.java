package dev.amb.samples.worker;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The topics this worker publishes to. Every topic starts with the agent system's name
 * ({@code agent-system.name}), so several systems, or test runs, can share one broker; the
 * annotated endpoints use the same names through {@code ${agent-system.name}} placeholders.
 */
@Component
class Topics {

    private final String system;

    Topics(@Value("${agent-system.name}") String system) {
        this.system = system;
    }

    String status(String agentId) {
        return system + ".agents." + agentId + ".status";
    }

    String breaker(String agentId) {
        return system + ".agents." + agentId + ".breaker";
    }

    String indexed() {
        return system + ".documents.indexed";
    }

    String classified() {
        return system + ".documents.classified";
    }
}
