package dev.amb.broker.redis;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.support.GroupMembers;

/**
 * The members, in this broker instance, of one AMB group on one channel or pattern, in pub/sub
 * mode. Redis pub/sub has no consumer groups, so every instance receives every message and the
 * instances compete for it with a claim: {@code SET <key-prefix>claim:<group>:<message-id> <instance>
 * NX PX <group-claim-ttl>}. Only the instance whose {@code SET} succeeds hands the message to one of
 * its members (the one taking deliveries with the fewest queued, ties broken round-robin); the
 * others drop it. Each message therefore reaches at most one member of the group across all
 * instances, at the cost of one round trip per message per instance.
 *
 * <p>The claim is made on the command connection chosen by the group's name, in arrival order, so
 * a member with concurrency 1 still sees one channel's messages in publish order.
 *
 * <p><b>Threading:</b> {@link #onMessage} runs on the pub/sub event loop, the claim's completion on
 * a command connection's event loop; both only queue. Membership changes are thread safe.
 */
final class PubSubGroup implements PubSubRouter.Target {

    private static final Log logger = LogFactory.getLog(PubSubGroup.class);

    private final PubSubTransport transport;

    private final String group;

    private final String route;

    private final GroupMembers<PubSubSubscription> members = new GroupMembers<>();

    PubSubGroup(PubSubTransport transport, String group, String route) {
        this.transport = transport;
        this.group = group;
        this.route = route;
    }

    void add(PubSubSubscription member) {
        members.add(member);
        member.joined(this);
    }

    /** @return {@code true} when no member is left */
    boolean remove(PubSubSubscription member) {
        return members.remove(member);
    }

    @Override
    public void onMessage(String channel, byte[] message) {
        if (members.isEmpty()) {
            return;
        }
        PubSubFrame frame = PubSubFrame.arrived(channel, message).decoded();
        transport.claim(group, frame.claimId()).whenComplete((won, ex) -> {
            if (ex != null) {
                logger.warn("Could not claim message " + frame.envelope().id() + " on '" + channel + "' for group '"
                        + group + "'; another member may handle it: " + ex.getMessage());
            }
            else if (Boolean.TRUE.equals(won)) {
                PubSubSubscription member = members.choose();
                if (member != null) {
                    member.offer(frame);
                }
            }
        });
    }

    /** Queues a message again for some member, whatever the queue sizes; {@code false} when none is left. */
    boolean redeliver(PubSubFrame frame) {
        return members.redeliver(member -> member.requeue(frame));
    }

    @Override
    public String toString() {
        return "PubSubGroup[" + group + " on " + route + ", " + members.size() + " member(s)]";
    }
}
