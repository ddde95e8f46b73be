package dev.amb.samples.supervisor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The supervisor agent: hands work to the workers and keeps track of them.
 */
@SpringBootApplication
public class SupervisorAgentApplication {

    /**
     * Starts the agent.
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SupervisorAgentApplication.class, args);
    }
}
