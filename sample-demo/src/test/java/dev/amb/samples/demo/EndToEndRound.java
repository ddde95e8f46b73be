package dev.amb.samples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;

import dev.amb.samples.supervisor.BreakerChange;
import dev.amb.samples.supervisor.RosterChange;
import dev.amb.samples.supervisor.RosterEntry;
import dev.amb.samples.supervisor.RoundReport;
import dev.amb.samples.supervisor.Roster;
import dev.amb.samples.supervisor.SupervisorRound;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One supervisor round across separate agents, and what it must show: the same checks for the
 * in-memory system and for agents that share nothing but a real broker. Each run uses its own
 * agent-system name, so its topics never meet another run's on a shared server.
 */
abstract class EndToEndRound {

    /** The workers of a run: id, library role, vote budget. */
    record WorkerSpec(String id, String role, int budget) {
    }

    /** The proposal of every round costs 35; workers with a smaller budget vote no. */
    private static final int PROPOSAL_COST = 35;

    /** @return a new system of agents connected the way the subclass tests */
    abstract AgentSystem createSystem(String... commonProperties);

    /** @return the workers to start */
    abstract List<WorkerSpec> workers();

    /** Starts the system, runs one round, checks it, then stops one worker and checks it left. */
    void runOneRoundAndCheckEveryPattern() throws Exception {
        String system = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        List<WorkerSpec> workers = workers();
        try (AgentSystem agents = createSystem("agent-system.name=" + system, "spring.main.web-application-type=none",
                "logging.level.root=warn")) {
            agents.startSupervisor("supervisor.round.run-on-start=false",
                    "supervisor.round.expected-workers=" + workers.size());
            for (WorkerSpec worker : workers) {
                agents.startWorker(worker.id(), "worker.library.role=" + worker.role(),
                        "worker.vote.budget=" + worker.budget(), "worker.heartbeat-interval=1s");
            }

            RoundReport report = agents.supervisor().getBean(SupervisorRound.class).run();

            checkRound(report, system, workers);

            WorkerSpec leaving = workers.get(workers.size() - 1);
            agents.stopWorker(leaving.id());
            assertThat(agents.supervisor()
                .getBean(Roster.class)
                .awaitChange(change -> change.kind() == RosterChange.Kind.LEFT
                        && change.worker().agentId().equals(leaving.id()), Duration.ofSeconds(20)))
                .as("%s left the roster", leaving.id())
                .isPresent();
        }
    }

    private void checkRound(RoundReport report, String system, List<WorkerSpec> workers) throws IOException {
        List<String> ids = workers.stream().map(WorkerSpec::id).toList();
        String text = libraryText();

        assertThat(report.workers()).extracting(RosterEntry::agentId).containsExactlyInAnyOrderElementsOf(ids);

        assertThat(report.fetch().document().documentId()).isEqualTo("agent-handbook");
        assertThat(report.fetch().document().text()).isEqualTo(text);
        WorkerSpec server = workers.stream()
            .filter(worker -> worker.id().equals(report.fetch().document().servedBy()))
            .findFirst()
            .orElseThrow();
        assertThat(report.fetch().document().role()).isEqualTo(server.role());

        List<String> words = words(text);
        assertThat(report.job().chunks()).isEqualTo(5);
        assertThat(report.job().sentences()).isEqualTo(13);
        assertThat(report.job().words()).isEqualTo(words.size());
        assertThat(report.job().distinctWords()).isEqualTo((int) words.stream().distinct().count());
        assertThat(report.job().chunksByWorker().keySet()).isSubsetOf(ids);
        assertThat(report.job().chunksByWorker().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        Map<String, Long> counts = words.stream().collect(Collectors.groupingBy(word -> word, Collectors.counting()));
        report.job().topWords().forEach(top -> assertThat(counts.get(top.word())).isEqualTo(top.count()));

        List<String> yes = workers.stream().filter(worker -> worker.budget() >= PROPOSAL_COST).map(WorkerSpec::id).toList();
        assertThat(report.vote().quorumMet()).isTrue();
        assertThat(report.vote().votes()).hasSize(workers.size());
        assertThat(report.vote().yes()).containsExactlyInAnyOrderElementsOf(yes);
        assertThat(report.vote().approved()).isEqualTo(yes.size() * 2 > workers.size());

        assertThat(report.indexed().indexedBy()).isIn(ids);
        assertThat(report.indexed().terms()).isEqualTo((int) words.stream().distinct().count());

        assertThat(report.deadLetter().topic()).isEqualTo(system + ".tasks.index");
        assertThat(report.deadLetter().group()).isEqualTo("workers");
        assertThat(report.deadLetter().reason()).isEqualTo("retries-exhausted");
        assertThat(report.deadLetter().attempts()).isEqualTo(3);
        assertThat(report.deadLetter().errorClass()).endsWith("ChecksumMismatchException");
        assertThat(report.deadLetter().originalSender()).isEqualTo("supervisor");

        String classifier = report.classification().classifiedBy();
        assertThat(classifier).isIn(ids);
        assertThat(report.classification().label()).isEqualTo("messaging");
        assertThat(report.classification().attempt()).as("the tool fails three calls, then the breaker's trial call succeeds")
            .isEqualTo(4);
        assertThat(report.breakerChanges()).filteredOn(change -> change.agentId().equals(classifier))
            .extracting(BreakerChange::to)
            .containsExactly("OPEN", "HALF_OPEN", "CLOSED");
    }

    /** The worker's library document, read from its jar. */
    private static String libraryText() throws IOException {
        try (InputStream in = new ClassPathResource("library/agent-handbook.txt").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    /** Words counted independently of the worker's code: split at everything but letters, digits and apostrophes. */
    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+"))
            .filter(word -> !word.isEmpty())
            .toList();
    }
}
