package dev.amb.samples.worker;

import org.springframework.stereotype.Component;

import dev.amb.annotation.AgentResponder;

/**
 * Votes on every proposal (a scatter request: every worker answers, so there is no group). The
 * rule: approve what this worker can carry out ({@link Proposal#requiredCapability()} is one of
 * {@code worker.capabilities}) and afford ({@link Proposal#cost()} is within {@code worker.vote.budget}).
 */
@Component
class Voter {

    private final WorkerProperties properties;

    Voter(WorkerProperties properties) {
        this.properties = properties;
    }

    @AgentResponder(topic = "${agent-system.name}.proposals.vote")
    Vote vote(Proposal proposal) {
        String capability = proposal.requiredCapability();
        int budget = properties.getVote().getBudget();
        if (capability != null && !properties.getCapabilities().contains(capability)) {
            return new Vote(proposal.id(), properties.getId(), false, "cannot do '" + capability + "'");
        }
        if (proposal.cost() > budget) {
            return new Vote(proposal.id(), properties.getId(), false,
                    "cost " + proposal.cost() + " is over my budget of " + budget);
        }
        return new Vote(proposal.id(), properties.getId(), true,
                "cost " + proposal.cost() + " is within my budget of " + budget);
    }
}
