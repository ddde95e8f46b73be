package dev.amb.samples.supervisor;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.RequestTimeoutException;

/**
 * Puts proposals to the workers' vote with scatter-gather ({@code proposals.vote}): every worker
 * answers; the vote closes as soon as every active worker of the roster voted, or at
 * {@code supervisor.vote.timeout} with what arrived. Fewer votes than {@code supervisor.vote.quorum}
 * make no decision.
 *
 * @since 0.1.0
 */
@Component
public class Ballot {

    private final MessageBus bus;

    private final Topics topics;

    private final Roster roster;

    private final SupervisorProperties.Vote settings;

    Ballot(MessageBus bus, Topics topics, Roster roster, SupervisorProperties properties) {
        this.bus = bus;
        this.topics = topics;
        this.roster = roster;
        this.settings = properties.getVote();
    }

    /**
     * Runs a vote.
     * @param proposal the proposal
     * @return the outcome, with the quorum met or not
     * @throws ExecutionException when the vote could not be held (for example the bus is closed)
     * @throws InterruptedException when interrupted while waiting
     * @throws TimeoutException when the bus did not close the vote in time (it always should)
     */
    public VoteOutcome vote(Proposal proposal) throws ExecutionException, InterruptedException, TimeoutException {
        int quorum = settings.getQuorum();
        int voters = Math.max(quorum, roster.active().size());
        try {
            List<Message<Vote>> votes = bus.scatter(topics.vote(), proposal, Vote.class, settings.getTimeout(), quorum, voters)
                .get(settings.getTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
            return VoteOutcome.of(proposal, votes.stream().map(Message::data).toList(), quorum);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RequestTimeoutException tooFew) {
                List<Vote> partial = tooFew.partialReplies()
                    .stream()
                    .map(Message::data)
                    .filter(Vote.class::isInstance)
                    .map(Vote.class::cast)
                    .toList();
                return VoteOutcome.of(proposal, partial, quorum);
            }
            throw ex;
        }
    }
}
