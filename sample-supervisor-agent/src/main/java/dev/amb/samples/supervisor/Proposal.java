package dev.amb.samples.supervisor;

/**
 * A proposal put to the workers' vote (scatter request on {@code proposals.vote}).
 * @param id the proposal's id
 * @param title what is proposed
 * @param cost what it would cost
 * @param requiredCapability the capability needed to carry it out, or {@code null}
 * @since 0.1.0
 */
public record Proposal(String id, String title, int cost, String requiredCapability) {
}
