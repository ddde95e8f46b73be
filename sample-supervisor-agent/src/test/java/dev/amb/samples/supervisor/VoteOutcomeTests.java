package dev.amb.samples.supervisor;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VoteOutcomeTests {

    private final Proposal proposal = new Proposal("p", "title", 1, null);

    @Test
    void passesWithTheQuorumAndMoreYesThanNo() {
        VoteOutcome outcome = VoteOutcome.of(proposal, List.of(vote("a", true), vote("b", true), vote("c", false)), 2);

        assertThat(outcome.quorumMet()).isTrue();
        assertThat(outcome.approved()).isTrue();
        assertThat(outcome.yes()).containsExactly("a", "b");
        assertThat(outcome.no()).extracting(Vote::voter).containsExactly("c");
    }

    @Test
    void failsOnATie() {
        VoteOutcome outcome = VoteOutcome.of(proposal, List.of(vote("a", true), vote("b", false)), 2);

        assertThat(outcome.quorumMet()).isTrue();
        assertThat(outcome.approved()).isFalse();
    }

    @Test
    void failsWithoutTheQuorumEvenWhenEveryVoteIsYes() {
        VoteOutcome outcome = VoteOutcome.of(proposal, List.of(vote("a", true)), 2);

        assertThat(outcome.quorumMet()).isFalse();
        assertThat(outcome.approved()).isFalse();
    }

    private Vote vote(String voter, boolean approve) {
        return new Vote("p", voter, approve, "because");
    }
}
