package dev.amb.samples.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The worker agent: executes tasks it receives over the bus.
 */
@SpringBootApplication
public class WorkerAgentApplication {

    /**
     * Starts the agent.
     * @param args command-line arguments ({@code --amb.broker=...} and friends)
     */
    public static void main(String[] args) {
        SpringApplication.run(WorkerAgentApplication.class, args);
    }
}
