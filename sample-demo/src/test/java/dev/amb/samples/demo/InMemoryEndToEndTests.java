package dev.amb.samples.demo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.amb.samples.supervisor.Ballot;
import dev.amb.samples.supervisor.Proposal;
import dev.amb.samples.supervisor.Roster;
import dev.amb.samples.supervisor.RosterChange;
import dev.amb.samples.supervisor.Vote;
import dev.amb.samples.supervisor.VoteOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's system: a supervisor and three workers, each its own Spring application context,
 * sharing one in-memory broker.
 */
class InMemoryEndToEndTests extends EndToEndRound {

    @Override
    AgentSystem createSystem(String... commonProperties) {
        return AgentSystem.inMemory(commonProperties);
    }

    @Override
    List<WorkerSpec> workers() {
        return List.of(new WorkerSpec("worker-1", "primary", 50), new WorkerSpec("worker-2", "backup", 40),
                new WorkerSpec("worker-3", "backup", 20));
    }

    @Test
    void aRoundAcrossFourContextsOnOneMemoryBrokerShowsEveryPattern() throws Exception {
        runOneRoundAndCheckEveryPattern();
    }

    @Test
    void closingOneAgentLeavesTheSharedBrokerOpenForTheOthers() throws Exception {
        try (AgentSystem agents = AgentSystem.inMemory("agent-system.name=closing",
                "spring.main.web-application-type=none", "logging.level.root=warn")) {
            agents.startSupervisor("supervisor.round.run-on-start=false", "supervisor.vote.quorum=1");
            agents.startWorker("worker-a");
            agents.startWorker("worker-b");
            Roster roster = agents.supervisor().getBean(Roster.class);
            assertThat(roster.awaitActive(2, Duration.ofSeconds(20))).isPresent();

            agents.stopWorker("worker-b");
            assertThat(roster.awaitChange(change -> change.kind() == RosterChange.Kind.LEFT
                    && change.worker().agentId().equals("worker-b"), Duration.ofSeconds(20))).isPresent();
            VoteOutcome outcome = agents.supervisor().getBean(Ballot.class).vote(new Proposal("p", "stay", 1, null));

            assertThat(outcome.votes()).extracting(Vote::voter).containsExactly("worker-a");
        }
    }
}
