package dev.amb.samples.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * The worker's settings ({@code worker.*}). Invalid values fail start-up with a message naming the
 * property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("worker")
public class WorkerProperties {

    /**
     * This worker's id: its name in heartbeats, votes and results, and its AMB agent id. Defaults to
     * "worker-" and a random suffix, so that two workers started from the same jar differ.
     */
    private String id;

    /** What this worker can do, announced in every heartbeat and checked by the vote rule. */
    private List<String> capabilities = new ArrayList<>(List.of("stats", "index", "classify"));

    /** How often the worker publishes its status on agents.<id>.status. */
    private Duration heartbeatInterval = Duration.ofSeconds(5);

    /** How many text chunks this worker analyses at once; its load is its busy share of them. */
    private int concurrency = 2;

    private final Vote vote = new Vote();

    private final Library library = new Library();

    private final ExternalTool externalTool = new ExternalTool();

    /** @return the worker id */
    public String getId() {
        return id;
    }

    /** @param id the worker id */
    public void setId(String id) {
        this.id = id;
    }

    /** @return the capabilities */
    public List<String> getCapabilities() {
        return capabilities;
    }

    /** @param capabilities the capabilities */
    public void setCapabilities(List<String> capabilities) {
        this.capabilities = capabilities;
    }

    /** @return the heartbeat interval */
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    /** @param heartbeatInterval the heartbeat interval */
    public void setHeartbeatInterval(Duration heartbeatInterval) {
        Assert.isTrue(heartbeatInterval.compareTo(Duration.ZERO) > 0,
                () -> "worker.heartbeat-interval must be positive, was " + heartbeatInterval);
        this.heartbeatInterval = heartbeatInterval;
    }

    /** @return how many chunks are analysed at once */
    public int getConcurrency() {
        return concurrency;
    }

    /** @param concurrency how many chunks are analysed at once */
    public void setConcurrency(int concurrency) {
        Assert.isTrue(concurrency >= 1, () -> "worker.concurrency must be 1 or more, was " + concurrency);
        this.concurrency = concurrency;
    }

    /** @return the vote rule's settings */
    public Vote getVote() {
        return vote;
    }

    /** @return the document library's settings */
    public Library getLibrary() {
        return library;
    }

    /** @return the simulated external tool's settings */
    public ExternalTool getExternalTool() {
        return externalTool;
    }

    /** The vote rule: approve a proposal this worker can carry out and afford. */
    public static class Vote {

        /** The highest proposal cost this worker approves. */
        private int budget = 50;

        /** @return the budget */
        public int getBudget() {
            return budget;
        }

        /** @param budget the budget */
        public void setBudget(int budget) {
            this.budget = budget;
        }
    }

    /** The document library this worker serves as a primary or as a backup replica. */
    public static class Library {

        /** Which replica this worker is: primary or backup. Requests go to library.<role>.fetch. */
        private String role = "backup";

        /** How long a backup takes to answer (it reads from slower storage); a primary answers at once. */
        private Duration backupDelay = Duration.ofMillis(200);

        /** @return the role */
        public String getRole() {
            return role;
        }

        /** @param role the role */
        public void setRole(String role) {
            Assert.isTrue("primary".equals(role) || "backup".equals(role),
                    () -> "worker.library.role must be primary or backup, was '" + role + "'");
            this.role = role;
        }

        /** @return the backup's reply delay */
        public Duration getBackupDelay() {
            return backupDelay;
        }

        /** @param backupDelay the backup's reply delay */
        public void setBackupDelay(Duration backupDelay) {
            this.backupDelay = backupDelay;
        }
    }

    /** The simulated third-party classifier the worker calls behind the "external-tool" circuit breaker. */
    public static class ExternalTool {

        /** How many calls in a row the tool fails after start-up (a simulated outage) before it recovers. */
        private int initialFailures = 3;

        /** @return the number of failing calls */
        public int getInitialFailures() {
            return initialFailures;
        }

        /** @param initialFailures the number of failing calls */
        public void setInitialFailures(int initialFailures) {
            Assert.isTrue(initialFailures >= 0,
                    () -> "worker.external-tool.initial-failures must be 0 or more, was " + initialFailures);
            this.initialFailures = initialFailures;
        }
    }
}
