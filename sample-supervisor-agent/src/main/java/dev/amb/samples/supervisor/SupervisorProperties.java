package dev.amb.samples.supervisor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * The supervisor's settings ({@code supervisor.*}). Invalid values fail start-up with a message
 * naming the property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("supervisor")
public class SupervisorProperties {

    /** Whether the supervisor keeps running (and watching) after its round instead of exiting. */
    private boolean keepRunning;

    private final Roster roster = new Roster();

    private final Job job = new Job();

    private final Vote vote = new Vote();

    private final Library library = new Library();

    private final Round round = new Round();

    /** @return whether to keep running after the round */
    public boolean isKeepRunning() {
        return keepRunning;
    }

    /** @param keepRunning whether to keep running after the round */
    public void setKeepRunning(boolean keepRunning) {
        this.keepRunning = keepRunning;
    }

    /** @return the roster's settings */
    public Roster getRoster() {
        return roster;
    }

    /** @return the map-reduce job's settings */
    public Job getJob() {
        return job;
    }

    /** @return the vote's settings */
    public Vote getVote() {
        return vote;
    }

    /** @return the library query's settings */
    public Library getLibrary() {
        return library;
    }

    /** @return the round's settings */
    public Round getRound() {
        return round;
    }

    /** The live roster of workers, kept from their heartbeats. */
    public static class Roster {

        /** A worker whose last heartbeat is older than this is stale: it is no longer counted on. */
        private Duration staleAfter = Duration.ofSeconds(15);

        /** How often the roster looks for stale workers. */
        private Duration checkInterval = Duration.ofSeconds(1);

        /** @return the stale threshold */
        public Duration getStaleAfter() {
            return staleAfter;
        }

        /** @param staleAfter the stale threshold */
        public void setStaleAfter(Duration staleAfter) {
            Assert.isTrue(staleAfter.compareTo(Duration.ZERO) > 0,
                    () -> "supervisor.roster.stale-after must be positive, was " + staleAfter);
            this.staleAfter = staleAfter;
        }

        /** @return the check interval */
        public Duration getCheckInterval() {
            return checkInterval;
        }

        /** @param checkInterval the check interval */
        public void setCheckInterval(Duration checkInterval) {
            Assert.isTrue(checkInterval.compareTo(Duration.ZERO) > 0,
                    () -> "supervisor.roster.check-interval must be positive, was " + checkInterval);
            this.checkInterval = checkInterval;
        }
    }

    /** The map-reduce job over a document. */
    public static class Job {

        /** How many sentences go into one chunk (one map task). */
        private int chunkSentences = 3;

        /** How many of the most frequent words the result lists. */
        private int topWords = 3;

        /** The shortest word counted among the most frequent ones (shorter words are mostly "the", "and"...). */
        private int topWordMinLength = 5;

        /** How long one map task may take. */
        private Duration taskTimeout = Duration.ofSeconds(10);

        /** @return sentences per chunk */
        public int getChunkSentences() {
            return chunkSentences;
        }

        /** @param chunkSentences sentences per chunk */
        public void setChunkSentences(int chunkSentences) {
            Assert.isTrue(chunkSentences >= 1,
                    () -> "supervisor.job.chunk-sentences must be 1 or more, was " + chunkSentences);
            this.chunkSentences = chunkSentences;
        }

        /** @return how many top words are listed */
        public int getTopWords() {
            return topWords;
        }

        /** @param topWords how many top words are listed */
        public void setTopWords(int topWords) {
            this.topWords = topWords;
        }

        /** @return the shortest top word */
        public int getTopWordMinLength() {
            return topWordMinLength;
        }

        /** @param topWordMinLength the shortest top word */
        public void setTopWordMinLength(int topWordMinLength) {
            this.topWordMinLength = topWordMinLength;
        }

        /** @return the map task timeout */
        public Duration getTaskTimeout() {
            return taskTimeout;
        }

        /** @param taskTimeout the map task timeout */
        public void setTaskTimeout(Duration taskTimeout) {
            this.taskTimeout = taskTimeout;
        }
    }

    /** The scatter-gather vote. */
    public static class Vote {

        /** The fewest votes that make a decision; with fewer by the timeout the vote fails. */
        private int quorum = 2;

        /** How long the vote stays open (it closes early once every active worker voted). */
        private Duration timeout = Duration.ofSeconds(2);

        /** @return the quorum */
        public int getQuorum() {
            return quorum;
        }

        /** @param quorum the quorum */
        public void setQuorum(int quorum) {
            Assert.isTrue(quorum >= 1, () -> "supervisor.vote.quorum must be 1 or more, was " + quorum);
            this.quorum = quorum;
        }

        /** @return the vote timeout */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the vote timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** The first-wins query to the primary and backup library replicas. */
    public static class Library {

        /** How long to wait for the first answer. */
        private Duration timeout = Duration.ofSeconds(5);

        /** @return the timeout */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** One round: every pattern once. */
    public static class Round {

        /** Whether the supervisor runs a round as soon as it started (the demo and tests run it themselves). */
        private boolean runOnStart = true;

        /** How many active workers the round waits for before it starts. */
        private int expectedWorkers = 2;

        /** How long the round waits for them. */
        private Duration startTimeout = Duration.ofSeconds(60);

        /** The document the round fetches, analyses, indexes and classifies. */
        private String document = "agent-handbook";

        /** How long the round waits for a fire-and-forget task's outcome (an event or a dead letter). */
        private Duration outcomeTimeout = Duration.ofSeconds(20);

        /** @return whether to run a round on start */
        public boolean isRunOnStart() {
            return runOnStart;
        }

        /** @param runOnStart whether to run a round on start */
        public void setRunOnStart(boolean runOnStart) {
            this.runOnStart = runOnStart;
        }

        /** @return the expected number of workers */
        public int getExpectedWorkers() {
            return expectedWorkers;
        }

        /** @param expectedWorkers the expected number of workers */
        public void setExpectedWorkers(int expectedWorkers) {
            this.expectedWorkers = expectedWorkers;
        }

        /** @return how long to wait for the workers */
        public Duration getStartTimeout() {
            return startTimeout;
        }

        /** @param startTimeout how long to wait for the workers */
        public void setStartTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
        }

        /** @return the document id */
        public String getDocument() {
            return document;
        }

        /** @param document the document id */
        public void setDocument(String document) {
            this.document = document;
        }

        /** @return how long to wait for a task's outcome */
        public Duration getOutcomeTimeout() {
            return outcomeTimeout;
        }

        /** @param outcomeTimeout how long to wait for a task's outcome */
        public void setOutcomeTimeout(Duration outcomeTimeout) {
            this.outcomeTimeout = outcomeTimeout;
        }
    }
}
