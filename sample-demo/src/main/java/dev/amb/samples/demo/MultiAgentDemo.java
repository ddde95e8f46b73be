package dev.amb.samples.demo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.springframework.core.env.SimpleCommandLinePropertySource;

import dev.amb.samples.supervisor.Roster;
import dev.amb.samples.supervisor.RosterChange;
import dev.amb.samples.supervisor.SupervisorRound;
import dev.amb.samples.supervisor.Transcript;

/**
 * The one-command demo: one supervisor and three workers, each its own Spring application context,
 * sharing one in-memory broker in this JVM. The supervisor runs one round of every pattern and
 * tells it in a transcript; then a worker stops (and leaves the roster), everything closes, and
 * the process exits with status 0 (1 when a step failed). {@code --demo.keep-running=true} keeps
 * the agents running after the round until the process is stopped.
 *
 * <pre>
 * ./mvnw -B -q -pl sample-demo -am spring-boot:run
 * ./mvnw -B -q -pl sample-demo -am spring-boot:run -Dspring-boot.run.arguments=--demo.keep-running=true
 * </pre>
 *
 * @since 0.1.0
 */
public final class MultiAgentDemo {

    /**
     * Every agent of the demo: no web server (the health endpoint is for containers), no shutdown
     * hook of its own (the demo closes the agents, then the broker), and quiet logs: the
     * transcript tells what happens.
     */
    static final String[] COMMON_PROPERTIES = { "spring.main.web-application-type=none",
            "spring.main.register-shutdown-hook=false", "logging.level.root=warn", "logging.level.dev.amb=error",
            "logging.level.dev.amb.samples=warn" };

    private MultiAgentDemo() {
    }

    /**
     * Runs the demo.
     * @param args {@code --demo.keep-running=true} to keep the agents running after the round
     */
    public static void main(String[] args) {
        boolean keepRunning = Boolean
            .parseBoolean(new SimpleCommandLinePropertySource(args).getProperty("demo.keep-running"));
        System.out.println("AMB demo: a supervisor and three workers, each its own Spring application context, "
                + "talking only through one in-memory broker.");
        AgentSystem agents = AgentSystem.inMemory(COMMON_PROPERTIES);
        int status = 0;
        try {
            start(agents);
            Transcript transcript = agents.supervisor().getBean(Transcript.class);
            agents.supervisor().getBean(SupervisorRound.class).run();
            if (keepRunning) {
                runUntilStopped(agents, transcript);
            }
            transcript.line("demo", "stopping worker-3");
            agents.stopWorker("worker-3");
            agents.supervisor()
                .getBean(Roster.class)
                .awaitChange(change -> change.kind() == RosterChange.Kind.LEFT
                        && change.worker().agentId().equals("worker-3"), Duration.ofSeconds(10))
                .orElseThrow(() -> new IllegalStateException("worker-3 did not leave the roster"));
            transcript.line("demo", "every pattern ran; closing the agents");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        catch (Exception ex) {
            System.out.printf("%-17s failed: %s%n", "[demo]", ex);
            status = 1;
        }
        finally {
            agents.close();
        }
        System.exit(status);
    }

    /** Blocks until the process is stopped (Ctrl-C); a shutdown hook then closes the agents. */
    private static void runUntilStopped(AgentSystem agents, Transcript transcript) throws InterruptedException {
        transcript.line("demo", "the agents keep running; stop them with Ctrl-C");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            transcript.line("demo", "stopping the agents");
            agents.close();
        }, "demo-shutdown"));
        new CountDownLatch(1).await();
    }

    /** The supervisor first, so that it sees every worker join. */
    static void start(AgentSystem agents) {
        agents.startSupervisor("supervisor.round.run-on-start=false", "supervisor.round.expected-workers=3");
        agents.startWorker("worker-1", "worker.library.role=primary", "worker.vote.budget=50");
        agents.startWorker("worker-2", "worker.library.role=backup", "worker.vote.budget=40");
        agents.startWorker("worker-3", "worker.library.role=backup", "worker.vote.budget=20",
                "worker.capabilities=stats,index");
    }
}
