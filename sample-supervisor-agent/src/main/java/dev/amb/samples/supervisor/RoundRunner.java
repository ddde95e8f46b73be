package dev.amb.samples.supervisor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs one {@link SupervisorRound} once the supervisor is ready (unless
 * {@code supervisor.round.run-on-start=false}), then exits with status 0, or 1 when the round
 * failed, unless {@code supervisor.keep-running=true}.
 */
@Component
class RoundRunner {

    private final SupervisorRound round;

    private final SupervisorProperties properties;

    private final Transcript transcript;

    RoundRunner(SupervisorRound round, SupervisorProperties properties, Transcript transcript) {
        this.round = round;
        this.properties = properties;
        this.transcript = transcript;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!properties.getRound().isRunOnStart()) {
            return;
        }
        int status = 0;
        try {
            round.run();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        catch (Exception ex) {
            transcript.line("round", "failed: " + ex);
            status = 1;
        }
        if (!properties.isKeepRunning()) {
            int exitStatus = status;
            System.exit(SpringApplication.exit(event.getApplicationContext(), () -> exitStatus));
        }
    }
}
