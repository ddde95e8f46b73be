package dev.amb.samples.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import dev.amb.MessageBus;
import dev.amb.Subscription;
import dev.amb.annotation.AgentListener;
import dev.amb.annotation.AgentResponder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor agent on the in-memory bus, with the workers played by responders and
 * publishers in the test.
 */
@SpringBootTest(properties = { "spring.config.name=supervisor-agent", "agent-system.name=supervisor-test",
        "supervisor.round.run-on-start=false", "supervisor.roster.stale-after=600ms",
        "supervisor.roster.check-interval=100ms", "supervisor.vote.timeout=500ms", "supervisor.library.timeout=2s",
        "amb.retry.initial-delay=10ms" })
@Import(SupervisorAgentTests.FakeWorkers.class)
class SupervisorAgentTests {

    private static final String SYSTEM = "supervisor-test";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    MessageBus bus;

    @Autowired
    Roster roster;

    @Autowired
    MapReduceJob mapReduce;

    @Autowired
    Ballot ballot;

    @Autowired
    LibraryClient library;

    @Autowired
    DeadLetterWatcher deadLetters;

    @Autowired
    BreakerWatcher breakers;

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeSubscriptions() {
        subscriptions.forEach(Subscription::close);
    }

    @Test
    void rosterAddsAWorkerOnItsFirstHeartbeatAndRemovesItWhenItSaysGoodbye() {
        heartbeat("w-join", "IDLE");
        Awaitility.await().atMost(TIMEOUT).until(() -> ids(roster.active()).contains("w-join"));

        heartbeat("w-join", "STOPPED");
        Awaitility.await().atMost(TIMEOUT).until(() -> !ids(roster.all()).contains("w-join"));

        assertThat(roster.changes()).filteredOn(change -> change.worker().agentId().equals("w-join"))
            .extracting(RosterChange::kind)
            .containsExactly(RosterChange.Kind.JOINED, RosterChange.Kind.LEFT);
    }

    @Test
    void rosterMarksAWorkerStaleWhenItsHeartbeatsStopAndTakesItBackWhenTheyResume() {
        heartbeat("w-quiet", "BUSY");
        Awaitility.await().atMost(TIMEOUT).until(() -> ids(roster.active()).contains("w-quiet"));

        Awaitility.await().atMost(TIMEOUT).until(() -> !ids(roster.active()).contains("w-quiet"));
        assertThat(roster.all()).filteredOn(entry -> entry.agentId().equals("w-quiet"))
            .singleElement()
            .satisfies(entry -> assertThat(entry.stale()).isTrue());

        heartbeat("w-quiet", "IDLE");
        Awaitility.await().atMost(TIMEOUT).until(() -> ids(roster.active()).contains("w-quiet"));
        assertThat(roster.changes()).filteredOn(change -> change.worker().agentId().equals("w-quiet"))
            .extracting(RosterChange::kind)
            .containsExactly(RosterChange.Kind.JOINED, RosterChange.Kind.STALE, RosterChange.Kind.RETURNED);
        heartbeat("w-quiet", "STOPPED");
    }

    @Test
    void mapReduceSplitsTheDocumentSharesTheChunksAndAddsUpTheStatistics() throws Exception {
        String text = "Agents send messages. Brokers carry messages! Workers share tasks. "
                + "Supervisors watch workers? Messages wait in queues. Nothing is lost.";

        JobResult result = mapReduce.run("doc", text);

        assertThat(result.documentId()).isEqualTo("doc");
        assertThat(result.chunks()).isEqualTo(2);
        assertThat(result.sentences()).isEqualTo(6);
        assertThat(result.words()).isEqualTo(19);
        assertThat(result.distinctWords()).isEqualTo(16);
        assertThat(result.topWords()).containsExactly(new JobResult.WordCount("messages", 3),
                new JobResult.WordCount("workers", 2), new JobResult.WordCount("agents", 1));
        assertThat(result.longestWord()).isEqualTo("supervisors");
        assertThat(result.chunksByWorker().keySet()).isSubsetOf("fake-1", "fake-2");
        assertThat(result.chunksByWorker().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
    }

    @Test
    void voteMeetsItsQuorumWhenEnoughWorkersAnswer() throws Exception {
        respondToVotes("voter-1", true);
        respondToVotes("voter-2", false);
        respondToVotes("voter-3", true);

        VoteOutcome outcome = ballot.vote(new Proposal("p-1", "more workers", 10, null));

        assertThat(outcome.quorum()).isEqualTo(2);
        assertThat(outcome.quorumMet()).isTrue();
        assertThat(outcome.votes()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(outcome.votes()).extracting(Vote::proposalId).containsOnly("p-1");
    }

    @Test
    void voteFailsItsQuorumWhenTooFewWorkersAnswerInTime() throws Exception {
        respondToVotes("lonely-voter", true);

        VoteOutcome outcome = ballot.vote(new Proposal("p-2", "fewer workers", 10, null));

        assertThat(outcome.quorumMet()).isFalse();
        assertThat(outcome.approved()).isFalse();
        assertThat(outcome.votes()).extracting(Vote::voter).containsExactly("lonely-voter");
    }

    @Test
    void firstWinsTakesTheBackupsAnswerWhenThePrimaryFails() throws Exception {
        subscriptions.add(bus.respond(SYSTEM + ".library.primary.fetch", null, FetchRequest.class, request -> {
            throw new IllegalStateException("primary is rebuilding its index");
        }));
        subscriptions.add(bus.respond(SYSTEM + ".library.backup.fetch", null, FetchRequest.class,
                request -> new DocumentCopy(request.data().documentId(), "text", "backup-1", "backup")));

        FetchResult result = library.fetch("handbook");

        assertThat(result.document()).isEqualTo(new DocumentCopy("handbook", "text", "backup-1", "backup"));
    }

    @Test
    void firstWinsTakesThePrimarysAnswerWhenItIsFaster() throws Exception {
        subscriptions.add(bus.respond(SYSTEM + ".library.primary.fetch", null, FetchRequest.class,
                request -> new DocumentCopy(request.data().documentId(), "text", "primary-1", "primary")));
        subscriptions.add(bus.respond(SYSTEM + ".library.backup.fetch", null, FetchRequest.class,
                request -> CompletableFuture
                    .supplyAsync(() -> new DocumentCopy(request.data().documentId(), "text", "backup-1", "backup"),
                            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                    .join()));

        FetchResult result = library.fetch("handbook");

        assertThat(result.document().servedBy()).isEqualTo("primary-1");
    }

    @Test
    void reportsADeadLetterWithWhereAndWhyTheTaskFailed() throws Exception {
        bus.publish(SYSTEM + ".tasks.fail", "anything", Map.of(DeadLetterReport.TASK_ID, "fail-1"))
            .get(10, TimeUnit.SECONDS);

        DeadLetterReport report = deadLetters.await(candidate -> "fail-1".equals(candidate.taskId()), TIMEOUT)
            .orElseThrow();

        assertThat(report.topic()).isEqualTo(SYSTEM + ".tasks.fail");
        assertThat(report.group()).isEqualTo("failing");
        assertThat(report.reason()).isEqualTo("retries-exhausted");
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(report.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(report.error()).isEqualTo("IllegalStateException: the disk is full");
        assertThat(report.originalSender()).isEqualTo("supervisor");
    }

    @Test
    void reportsBreakerChangesAndTellsWhenTheOpenBreakersClosedAgain() throws Exception {
        long mark = breakers.mark();
        breakerChange("CLOSED", "OPEN");
        Awaitility.await().atMost(TIMEOUT).until(() -> breakers.since(mark).size() == 1);

        assertThat(breakers.awaitClosedSince(mark, Duration.ofMillis(100))).isFalse();

        breakerChange("OPEN", "HALF_OPEN");
        breakerChange("HALF_OPEN", "CLOSED");
        assertThat(breakers.awaitClosedSince(mark, TIMEOUT)).isTrue();
        assertThat(breakers.since(mark)).extracting(BreakerChange::to).containsExactly("OPEN", "HALF_OPEN", "CLOSED");
    }

    private void heartbeat(String agentId, String state) {
        bus.publish(SYSTEM + ".agents." + agentId + ".status",
                new AgentStatus(agentId, state, 0.5, List.of("stats"), 3, Instant.now()))
            .join();
    }

    private void breakerChange(String from, String to) {
        bus.publish(SYSTEM + ".agents.w-breaker.breaker",
                new BreakerChange("w-breaker", "external-tool", from, to, Instant.now()))
            .join();
    }

    private void respondToVotes(String voter, boolean approve) {
        subscriptions.add(bus.respond(SYSTEM + ".proposals.vote", null, Proposal.class,
                request -> new Vote(request.data().id(), voter, approve, "test")));
    }

    private static List<String> ids(List<RosterEntry> entries) {
        return entries.stream().map(RosterEntry::agentId).toList();
    }

    /** Two map workers that count words their own simple way, and a task listener that always fails. */
    @Component
    static class FakeWorkers {

        @AgentResponder(topic = SYSTEM + ".tasks.stats", group = "workers")
        ChunkStats first(TextChunk chunk) {
            return stats(chunk, "fake-1");
        }

        @AgentResponder(topic = SYSTEM + ".tasks.stats", group = "workers")
        ChunkStats second(TextChunk chunk) {
            return stats(chunk, "fake-2");
        }

        @AgentListener(topics = SYSTEM + ".tasks.fail", group = "failing", retries = "1")
        void fail(String task) {
            throw new IllegalStateException("the disk is full");
        }

        private static ChunkStats stats(TextChunk chunk, String worker) {
            List<String> words = Arrays.stream(chunk.text().split("[^A-Za-z]+"))
                .filter(word -> !word.isEmpty())
                .map(word -> word.toLowerCase(Locale.ROOT))
                .toList();
            Map<String, Integer> counts = new TreeMap<>();
            words.forEach(word -> counts.merge(word, 1, Integer::sum));
            String longest = words.stream().reduce("", (a, b) -> b.length() > a.length() ? b : a);
            int sentences = chunk.text().split("[.!?]").length;
            return new ChunkStats(chunk.jobId(), chunk.index(), words.size(), sentences, counts, longest, worker);
        }
    }
}
