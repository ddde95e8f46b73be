package dev.amb.samples.worker;

/**
 * A proposal put to the vote (scatter request on {@code proposals.vote}).
 * @param id the proposal's id
 * @param title what is proposed
 * @param cost what it would cost
 * @param requiredCapability the capability needed to carry it out, or {@code null}
 */
record Proposal(String id, String title, int cost, String requiredCapability) {
}
