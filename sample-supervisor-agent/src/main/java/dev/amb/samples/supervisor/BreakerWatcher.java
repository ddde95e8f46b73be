package dev.amb.samples.supervisor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.amb.annotation.AgentListener;

/**
 * Watches the workers' circuit breakers ({@code agents.*.breaker}, where each worker publishes its
 * breakers' state changes) and reports every change.
 *
 * @since 0.1.0
 */
@Component
public class BreakerWatcher {

    private final Observations<BreakerChange> changes = new Observations<>();

    private final Transcript transcript;

    BreakerWatcher(Transcript transcript) {
        this.transcript = transcript;
    }

    @AgentListener(topics = "${agent-system.name}.agents.*.breaker")
    void onChange(BreakerChange change) {
        transcript.line("circuit-breaker", change.agentId() + " '" + change.breaker() + "' " + change.from() + " -> "
                + change.to() + switch (change.to()) {
                    case "OPEN" -> ": its calls keep failing; the listener pauses, nothing is lost";
                    case "HALF_OPEN" -> ": letting a trial call through";
                    case "CLOSED" -> ": the tool answers again";
                    default -> "";
                });
        changes.add(change);
    }

    /** @return a mark for {@link #awaitClosedSince}: how many changes were seen so far */
    public long mark() {
        return changes.mark();
    }

    /**
     * Waits until every breaker that changed after the mark is closed again.
     * @param mark from {@link #mark()}
     * @param timeout how long to wait
     * @return whether they all closed in time (also when none changed)
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitClosedSince(long mark, Duration timeout) throws InterruptedException {
        return changes.awaitCondition(mark, BreakerWatcher::allClosed, timeout);
    }

    /** @return the changes seen after the mark, oldest first */
    public List<BreakerChange> since(long mark) {
        return changes.since(mark);
    }

    private static boolean allClosed(List<BreakerChange> changes) {
        Map<String, String> latest = new HashMap<>();
        changes.forEach(change -> latest.put(change.agentId() + "/" + change.breaker(), change.to()));
        return latest.values().stream().allMatch("CLOSED"::equals);
    }
}
