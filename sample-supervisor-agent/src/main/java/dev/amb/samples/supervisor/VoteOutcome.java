package dev.amb.samples.supervisor;

import java.util.List;

/**
 * How a vote went.
 * @param proposal the proposal
 * @param votes the votes that arrived in time
 * @param quorum the fewest votes that make a decision
 * @param quorumMet whether enough votes arrived
 * @param approved whether the proposal passed: quorum met and more yes than no votes
 * @since 0.1.0
 */
public record VoteOutcome(Proposal proposal, List<Vote> votes, int quorum, boolean quorumMet, boolean approved) {

    static VoteOutcome of(Proposal proposal, List<Vote> votes, int quorum) {
        boolean quorumMet = votes.size() >= quorum;
        long yes = votes.stream().filter(Vote::approve).count();
        return new VoteOutcome(proposal, votes, quorum, quorumMet, quorumMet && yes > votes.size() - yes);
    }

    /** @return the voters in favour */
    public List<String> yes() {
        return votes.stream().filter(Vote::approve).map(Vote::voter).toList();
    }

    /** @return the votes against */
    public List<Vote> no() {
        return votes.stream().filter(vote -> !vote.approve()).toList();
    }
}
