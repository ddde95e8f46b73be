package dev.amb.samples.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.amb.MessageBus;

/**
 * One round of the supervisor's work, every pattern once, told in the {@link Transcript}:
 * wait for the workers (roster), fetch a document from the library replicas (first wins),
 * analyse it with the workers (map-reduce), vote on a proposal (scatter-gather with a quorum),
 * have it indexed, together with a corrupt copy that ends as a dead letter, and have it
 * classified through the workers' flaky external tool (circuit breaker).
 *
 * <p>{@link #run()} blocks the calling thread until the round is over; rounds run one at a time.
 *
 * @since 0.1.0
 */
@Component
public class SupervisorRound {

    private final Roster roster;

    private final LibraryClient library;

    private final MapReduceJob mapReduce;

    private final Ballot ballot;

    private final DocumentEvents documents;

    private final DeadLetterWatcher deadLetters;

    private final BreakerWatcher breakers;

    private final MessageBus bus;

    private final Topics topics;

    private final SupervisorProperties.Round settings;

    private final Transcript transcript;

    private final AtomicInteger rounds = new AtomicInteger();

    SupervisorRound(Roster roster, LibraryClient library, MapReduceJob mapReduce, Ballot ballot,
            DocumentEvents documents, DeadLetterWatcher deadLetters, BreakerWatcher breakers, MessageBus bus,
            Topics topics, SupervisorProperties properties, Transcript transcript) {
        this.roster = roster;
        this.library = library;
        this.mapReduce = mapReduce;
        this.ballot = ballot;
        this.documents = documents;
        this.deadLetters = deadLetters;
        this.breakers = breakers;
        this.bus = bus;
        this.topics = topics;
        this.settings = properties.getRound();
        this.transcript = transcript;
    }

    /**
     * Runs one round.
     * @return what it showed
     * @throws Exception when a step failed or timed out; the message says which
     */
    public synchronized RoundReport run() throws Exception {
        int round = rounds.incrementAndGet();
        transcript.line("round", "round " + round + ": waiting for " + settings.getExpectedWorkers() + " workers");
        List<RosterEntry> workers = roster.awaitActive(settings.getExpectedWorkers(), settings.getStartTimeout())
            .orElseThrow(() -> new IllegalStateException("fewer than " + settings.getExpectedWorkers()
                    + " workers joined within " + settings.getStartTimeout().toSeconds() + " s; active: "
                    + roster.active()));
        transcript.line("roster", workers.size() + " workers active: "
                + workers.stream().map(RosterEntry::agentId).collect(Collectors.joining(", ")));

        FetchResult fetch = fetch();
        JobResult job = analyse(fetch.document());
        VoteOutcome vote = vote(new Proposal("proposal-" + round, "add a fourth worker to the pool", 35, "stats"));
        String text = fetch.document().text();
        IndexedDocument indexed = index(fetch.document().documentId(), text);
        DeadLetterReport deadLetter = indexCorruptCopy(fetch.document().documentId(), text);
        long breakerMark = breakers.mark();
        Classification classification = classify(fetch.document().documentId(), text);
        if (!breakers.awaitClosedSince(breakerMark, settings.getOutcomeTimeout())) {
            throw new IllegalStateException("a worker's circuit breaker is still open after "
                    + settings.getOutcomeTimeout().toSeconds() + " s: " + breakers.since(breakerMark));
        }
        transcript.line("round", "round " + round + " done");
        return new RoundReport(workers, fetch, job, vote, indexed, deadLetter, classification,
                breakers.since(breakerMark));
    }

    private FetchResult fetch() throws Exception {
        FetchResult fetch = library.fetch(settings.getDocument());
        DocumentCopy copy = fetch.document();
        transcript.line("first-wins", "asked the primary and the backups for '" + copy.documentId() + "': "
                + copy.servedBy() + " (" + copy.role() + ") answered first, in " + fetch.elapsed().toMillis() + " ms");
        return fetch;
    }

    private JobResult analyse(DocumentCopy document) throws Exception {
        JobResult job = mapReduce.run(document.documentId(), document.text());
        transcript.line("map-reduce", "split '" + job.documentId() + "' into " + job.chunks()
                + " chunks for the workers group; chunks per worker: " + job.chunksByWorker());
        transcript.line("map-reduce", job.words() + " words, " + job.sentences() + " sentences, " + job.distinctWords()
                + " distinct words; most frequent: " + job.topWords().stream()
                    .map(top -> top.word() + " (" + top.count() + ")")
                    .collect(Collectors.joining(", "))
                + "; longest: " + job.longestWord());
        return job;
    }

    private VoteOutcome vote(Proposal proposal) throws Exception {
        VoteOutcome vote = ballot.vote(proposal);
        transcript.line("vote", "'" + proposal.title() + "' (cost " + proposal.cost() + "): " + vote.votes().size()
                + " votes, quorum " + vote.quorum() + (vote.quorumMet() ? " met" : " NOT met"));
        String yes = vote.yes().isEmpty() ? "none" : String.join(", ", vote.yes());
        String no = vote.no().isEmpty() ? "none"
                : vote.no().stream().map(n -> n.voter() + " (" + n.reason() + ")").collect(Collectors.joining(", "));
        transcript.line("vote", "yes: " + yes + "; no: " + no + " -> " + (vote.approved() ? "approved" : "not approved"));
        return vote;
    }

    private IndexedDocument index(String documentId, String text) throws Exception {
        String taskId = taskId("index");
        publish(topics.index(), IndexRequest.of(taskId, documentId, text), taskId);
        IndexedDocument indexed = documents.awaitIndexed(taskId, settings.getOutcomeTimeout())
            .orElseThrow(() -> timeout("the indexing task " + taskId));
        transcript.line("index", "task " + taskId + ": " + indexed.indexedBy() + " indexed '" + documentId + "', "
                + indexed.terms() + " terms; top: " + String.join(", ", indexed.topTerms()));
        return indexed;
    }

    private DeadLetterReport indexCorruptCopy(String documentId, String text) throws Exception {
        String taskId = taskId("index");
        transcript.line("index", "task " + taskId + ": sending a copy of '" + documentId
                + "' truncated after its checksum was taken");
        publish(topics.index(), IndexRequest.of(taskId, documentId, text).truncated(), taskId);
        return deadLetters.await(report -> taskId.equals(report.taskId()), settings.getOutcomeTimeout())
            .orElseThrow(() -> timeout("the dead letter of task " + taskId));
    }

    private Classification classify(String documentId, String text) throws Exception {
        String taskId = taskId("classify");
        transcript.line("circuit-breaker", "task " + taskId + ": classifying '" + documentId
                + "' with the workers' external tool");
        publish(topics.classify(), new ClassifyRequest(taskId, documentId, text), taskId);
        Classification classification = documents.awaitClassified(taskId, settings.getOutcomeTimeout())
            .orElseThrow(() -> timeout("the classification task " + taskId));
        transcript.line("circuit-breaker", "task " + taskId + ": " + classification.classifiedBy()
                + " classified it as '" + classification.label() + "' on delivery attempt " + classification.attempt());
        return classification;
    }

    private void publish(String topic, Object task, String taskId) throws Exception {
        bus.publish(topic, task, Map.of(DeadLetterReport.TASK_ID, taskId)).get(10, TimeUnit.SECONDS);
    }

    private IllegalStateException timeout(String what) {
        Duration timeout = settings.getOutcomeTimeout();
        return new IllegalStateException("no outcome of " + what + " within " + timeout.toSeconds() + " s");
    }

    private static String taskId(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
