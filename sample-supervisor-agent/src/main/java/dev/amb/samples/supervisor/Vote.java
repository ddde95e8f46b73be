package dev.amb.samples.supervisor;

/**
 * One worker's vote on a {@link Proposal}.
 * @param proposalId the proposal
 * @param voter the voting worker
 * @param approve the vote
 * @param reason why, in a few words
 * @since 0.1.0
 */
public record Vote(String proposalId, String voter, boolean approve, String reason) {
}
