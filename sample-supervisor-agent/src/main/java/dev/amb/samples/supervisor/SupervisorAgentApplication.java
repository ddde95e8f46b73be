package dev.amb.samples.supervisor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The supervisor agent: keeps a roster of the workers, runs a map-reduce job, a vote and a
 * first-wins query through them, and reports dead letters and circuit-breaker changes.
 *
 * <p>Its configuration is {@code supervisor-agent.yml} rather than {@code application.yml}, so
 * that a supervisor and workers can share one class path (as in {@code sample-demo}).
 *
 * @since 0.1.0
 */
@SpringBootApplication
@EnableConfigurationProperties(SupervisorProperties.class)
public class SupervisorAgentApplication {

    /** The name of this agent's configuration file ({@code spring.config.name}). */
    public static final String CONFIG_NAME = "supervisor-agent";

    /**
     * The application as {@link #main} starts it, with its configuration file.
     * @return a builder to add properties to and run
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SupervisorAgentApplication.class)
            .properties("spring.config.name=" + CONFIG_NAME);
    }

    /**
     * Starts the agent. With the defaults it waits for two workers, runs one round, prints it
     * and exits; {@code --supervisor.keep-running=true} keeps it watching afterwards.
     * @param args command-line arguments ({@code --amb.broker=...}, {@code --supervisor.*})
     */
    public static void main(String[] args) {
        application().run(args);
    }
}
