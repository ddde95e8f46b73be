package dev.amb.samples.supervisor;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The topics the supervisor sends to. Every topic starts with the agent system's name
 * ({@code agent-system.name}), so several systems, or test runs, can share one broker; the
 * annotated endpoints use the same names through {@code ${agent-system.name}} placeholders.
 */
@Component
class Topics {

    private final String system;

    Topics(@Value("${agent-system.name}") String system) {
        this.system = system;
    }

    String rollCall() {
        return system + ".agents.roll-call";
    }

    String stats() {
        return system + ".tasks.stats";
    }

    String vote() {
        return system + ".proposals.vote";
    }

    String library(String role) {
        return system + ".library." + role + ".fetch";
    }

    String index() {
        return system + ".tasks.index";
    }

    String classify() {
        return system + ".tasks.classify";
    }
}
