package dev.amb.samples.supervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

import dev.amb.annotation.AgentListener;

/**
 * The live roster of workers, kept from their heartbeats on {@code agents.*.status}: a worker
 * joins with its first heartbeat, leaves with its {@code STOPPED} status, and goes stale when no
 * heartbeat came for {@code supervisor.roster.stale-after} (it is then no longer counted on, until
 * a heartbeat arrives again). {@link RosterKeeper} runs the staleness check on a schedule.
 *
 * <p><b>Threading:</b> heartbeats arrive on the bus's delivery thread, checks on the keeper's;
 * every method is synchronized, and {@link #awaitActive} waits on this monitor.
 *
 * @since 0.1.0
 */
@Component
public class Roster {

    private final Map<String, RosterEntry> workers = new LinkedHashMap<>();

    private final Observations<RosterChange> changes = new Observations<>();

    private final Duration staleAfter;

    private final Transcript transcript;

    private final Clock clock = Clock.systemUTC();

    Roster(SupervisorProperties properties, Transcript transcript) {
        this.staleAfter = properties.getRoster().getStaleAfter();
        this.transcript = transcript;
    }

    @AgentListener(topics = "${agent-system.name}.agents.*.status")
    synchronized void onStatus(AgentStatus status) {
        Instant now = clock.instant();
        RosterEntry previous = workers.get(status.agentId());
        RosterEntry current = RosterEntry.of(status, now);
        if (status.stopped()) {
            if (workers.remove(status.agentId()) != null) {
                record(RosterChange.Kind.LEFT, current, "left (said goodbye; tasks done: " + status.tasksDone() + ")");
            }
        }
        else {
            workers.put(status.agentId(), current);
            if (previous == null) {
                record(RosterChange.Kind.JOINED, current, "joined: can do " + String.join(", ", status.capabilities())
                        + String.format("; %s, load %.2f", status.state().toLowerCase(), status.load()));
            }
            else if (previous.stale()) {
                record(RosterChange.Kind.RETURNED, current, "is back after missing its heartbeats");
            }
        }
        notifyAll();
    }

    /** Marks the workers whose last heartbeat is older than the stale threshold. */
    synchronized void markStaleWorkers() {
        Instant limit = clock.instant().minus(staleAfter);
        for (RosterEntry entry : List.copyOf(workers.values())) {
            if (!entry.stale() && entry.lastSeen().isBefore(limit)) {
                RosterEntry stale = entry.markStale();
                workers.put(entry.agentId(), stale);
                record(RosterChange.Kind.STALE, stale, "is stale: no heartbeat for over " + staleAfter.toMillis() + " ms");
            }
        }
        notifyAll();
    }

    /** @return the workers that are counted on (not stale), by id */
    public synchronized List<RosterEntry> active() {
        return workers.values()
            .stream()
            .filter(entry -> !entry.stale())
            .sorted(Comparator.comparing(RosterEntry::agentId))
            .toList();
    }

    /** @return every known worker, stale ones included, by id */
    public synchronized List<RosterEntry> all() {
        return workers.values().stream().sorted(Comparator.comparing(RosterEntry::agentId)).toList();
    }

    /** @return the most recent roster changes, oldest first */
    public List<RosterChange> changes() {
        return changes.snapshot();
    }

    /**
     * Waits until at least {@code count} workers are active.
     * @param count how many
     * @param timeout how long to wait
     * @return the active workers, or empty when fewer than {@code count} were active in time
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized Optional<List<RosterEntry>> awaitActive(int count, Duration timeout) throws InterruptedException {
        if (!MonitorWait.until(this, () -> active().size() >= count, timeout)) {
            return Optional.empty();
        }
        return Optional.of(active());
    }

    /**
     * Waits for a roster change.
     * @param matcher the change to wait for
     * @param timeout how long to wait
     * @return the first matching change, or empty
     * @throws InterruptedException when interrupted while waiting
     */
    public Optional<RosterChange> awaitChange(Predicate<RosterChange> matcher, Duration timeout)
            throws InterruptedException {
        return changes.await(matcher, timeout);
    }

    private void record(RosterChange.Kind kind, RosterEntry worker, String description) {
        changes.add(new RosterChange(kind, worker, clock.instant()));
        transcript.line("roster", worker.agentId() + " " + description);
    }
}
