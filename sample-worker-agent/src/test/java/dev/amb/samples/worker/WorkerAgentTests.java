package dev.amb.samples.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.MessageHandler;
import dev.amb.RemoteAgentException;
import dev.amb.Subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worker agent on the in-memory bus, driven through the bus the way the supervisor drives it.
 */
@SpringBootTest(properties = { "spring.config.name=worker-agent", "agent-system.name=worker-test",
        "worker.id=worker-t1", "worker.heartbeat-interval=200ms", "worker.library.backup-delay=0ms" })
class WorkerAgentTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    MessageBus bus;

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeSubscriptions() {
        subscriptions.forEach(Subscription::close);
    }

    @Test
    void answersAChunkWithItsStatistics() throws Exception {
        ChunkStats stats = bus.request("worker-test.tasks.stats",
                new TextChunk("job-1", 2, "The bus carries replies. The bus never sleeps!"), ChunkStats.class)
            .get(10, TimeUnit.SECONDS)
            .data();

        assertThat(stats.jobId()).isEqualTo("job-1");
        assertThat(stats.index()).isEqualTo(2);
        assertThat(stats.words()).isEqualTo(8);
        assertThat(stats.sentences()).isEqualTo(2);
        assertThat(stats.wordCounts()).containsEntry("the", 2).containsEntry("bus", 2).containsEntry("sleeps", 1);
        assertThat(stats.longestWord()).isEqualTo("carries");
        assertThat(stats.analysedBy()).isEqualTo("worker-t1");
    }

    @Test
    void votesForWhatItCanDoAndAfford() throws Exception {
        assertThat(vote(new Proposal("p-1", "add a worker", 50, "stats"))).satisfies(vote -> {
            assertThat(vote.approve()).isTrue();
            assertThat(vote.voter()).isEqualTo("worker-t1");
            assertThat(vote.reason()).isEqualTo("cost 50 is within my budget of 50");
        });
        assertThat(vote(new Proposal("p-2", "buy a GPU", 51, null))).satisfies(vote -> {
            assertThat(vote.approve()).isFalse();
            assertThat(vote.reason()).isEqualTo("cost 51 is over my budget of 50");
        });
        assertThat(vote(new Proposal("p-3", "translate", 1, "translate"))).satisfies(vote -> {
            assertThat(vote.approve()).isFalse();
            assertThat(vote.reason()).isEqualTo("cannot do 'translate'");
        });
    }

    @Test
    void publishesHeartbeatsWithItsIdStateLoadAndCapabilities() {
        List<Message<AgentStatus>> statuses = new CopyOnWriteArrayList<>();
        subscribe("worker-test.agents.*.status", AgentStatus.class, statuses::add);

        Awaitility.await().atMost(TIMEOUT).until(() -> statuses.size() >= 2);

        Message<AgentStatus> heartbeat = statuses.get(0);
        assertThat(heartbeat.topic()).isEqualTo("worker-test.agents.worker-t1.status");
        assertThat(heartbeat.sender()).isEqualTo("worker-t1");
        assertThat(heartbeat.data().agentId()).isEqualTo("worker-t1");
        assertThat(heartbeat.data().state()).isIn("IDLE", "BUSY");
        assertThat(heartbeat.data().load()).isBetween(0.0, 1.0);
        assertThat(heartbeat.data().capabilities()).containsExactly("stats", "index", "classify");
    }

    @Test
    void servesDocumentsAsABackupReplica() throws Exception {
        DocumentCopy copy = bus
            .request("worker-test.library.backup.fetch", new FetchRequest("agent-handbook"), DocumentCopy.class)
            .get(10, TimeUnit.SECONDS)
            .data();

        assertThat(copy.text()).startsWith("Agents cooperate by sending messages");
        assertThat(copy.servedBy()).isEqualTo("worker-t1");
        assertThat(copy.role()).isEqualTo("backup");
        assertThatThrownBy(() -> bus
            .request("worker-test.library.backup.fetch", new FetchRequest("no-such-doc"), DocumentCopy.class)
            .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RemoteAgentException.class)
            .hasMessageContaining("no document 'no-such-doc' in the library");
    }

    @Test
    void indexesADocumentAndDeadLettersACorruptOneAfterItsRetries() {
        String text = "Dead letters keep the messages that could not be handled.";
        List<IndexedDocument> indexed = new CopyOnWriteArrayList<>();
        List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();
        subscribe("worker-test.documents.indexed", IndexedDocument.class, message -> indexed.add(message.data()));
        subscribe("worker-test.dead-letter", Object.class, deadLetters::add);

        bus.publish("worker-test.tasks.index", new IndexRequest("index-1", "good", text, Indexer.checksum(text))).join();
        bus.publish("worker-test.tasks.index", new IndexRequest("index-2", "bad", text, Indexer.checksum(text) + 1),
                Map.of("task-id", "index-2"))
            .join();

        Awaitility.await().atMost(TIMEOUT).until(() -> !indexed.isEmpty() && !deadLetters.isEmpty());

        assertThat(indexed).singleElement().satisfies(document -> {
            assertThat(document.taskId()).isEqualTo("index-1");
            assertThat(document.documentId()).isEqualTo("good");
            assertThat(document.terms()).isEqualTo(10);
            assertThat(document.topTerms()).containsExactly("could", "handled", "letters");
            assertThat(document.indexedBy()).isEqualTo("worker-t1");
        });
        Map<String, String> headers = deadLetters.get(0).headers();
        assertThat(headers).containsEntry("task-id", "index-2")
            .containsEntry(AmbHeaders.DEAD_LETTER_TOPIC, "worker-test.tasks.index")
            .containsEntry(AmbHeaders.DEAD_LETTER_GROUP, "workers")
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, "retries-exhausted")
            .containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "3")
            .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_CLASS, ChecksumMismatchException.class.getName());
        assertThat(headers.get(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE)).startsWith("document 'bad' is corrupt");
    }

    @Test
    void opensTheExternalToolBreakerDuringTheOutageAndReportsEveryChangeOnTheBus() {
        List<String> changes = new CopyOnWriteArrayList<>();
        List<Classification> classifications = new CopyOnWriteArrayList<>();
        subscribe("worker-test.agents.worker-t1.breaker", BreakerChange.class, message -> changes
            .add(message.data().breaker() + ": " + message.data().from() + " -> " + message.data().to()));
        subscribe("worker-test.documents.classified", Classification.class,
                message -> classifications.add(message.data()));

        bus.publish("worker-test.tasks.classify", new ClassifyRequest("classify-1", "doc-1", "A broker moves messages.")).join();

        Awaitility.await().atMost(TIMEOUT).until(() -> !classifications.isEmpty()
                && changes.contains("external-tool: HALF_OPEN -> CLOSED"));

        assertThat(changes).containsExactly("external-tool: CLOSED -> OPEN", "external-tool: OPEN -> HALF_OPEN",
                "external-tool: HALF_OPEN -> CLOSED");
        assertThat(classifications).singleElement()
            .isEqualTo(new Classification("classify-1", "doc-1", "messaging", "worker-t1", 4));
    }

    private <T> void subscribe(String pattern, Class<T> type, MessageHandler<T> handler) {
        subscriptions.add(bus.subscribe(pattern, type, handler));
    }

    private Vote vote(Proposal proposal) throws Exception {
        return bus.request("worker-test.proposals.vote", proposal, Vote.class).get(10, TimeUnit.SECONDS).data();
    }
}
