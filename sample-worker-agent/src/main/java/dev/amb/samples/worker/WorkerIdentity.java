package dev.amb.samples.worker;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The worker's name in logs and results.
 */
@Component
class WorkerIdentity {

    private final String agentId;

    WorkerIdentity(@Value("${spring.application.name}") String agentId) {
        this.agentId = agentId;
    }

    String agentId() {
        return agentId;
    }
}
