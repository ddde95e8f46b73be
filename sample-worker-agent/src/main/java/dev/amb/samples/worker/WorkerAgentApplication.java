package dev.amb.samples.worker;

import java.util.UUID;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The worker agent: analyses text chunks for the {@code workers} group, votes on proposals,
 * serves documents from its library, indexes and classifies documents, and publishes a heartbeat.
 *
 * <p>Its configuration is {@code worker-agent.yml} rather than {@code application.yml}, so that a
 * worker and a supervisor can share one class path (as in {@code sample-demo}).
 *
 * @since 0.1.0
 */
@SpringBootApplication
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerAgentApplication {

    /** The name of this agent's configuration file ({@code spring.config.name}). */
    public static final String CONFIG_NAME = "worker-agent";

    /**
     * The application as {@link #main} starts it: its configuration file, and a {@code worker.id}
     * unique to this process (lowest precedence, so {@code --worker.id} or {@code WORKER_ID}
     * override it).
     * @return a builder to add properties to and run
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(WorkerAgentApplication.class).properties(
                "spring.config.name=" + CONFIG_NAME,
                "worker.id=worker-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Starts the agent.
     * @param args command-line arguments ({@code --worker.id=...}, {@code --amb.broker=...} and friends)
     */
    public static void main(String[] args) {
        application().run(args);
    }
}
