package dev.amb.broker.redis;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.support.BoundedDispatcher;
import dev.amb.spi.support.GroupMembers;

/**
 * The members, in this broker instance, of one AMB work queue ({@link dev.amb.spi.GroupKey}) on one
 * channel or pattern, in pub/sub mode. Redis pub/sub has no consumer groups, so every instance
 * receives every message and the instances compete for it with a claim:
 * {@code SET <key-prefix>claim:<group key>:<channel>:<message-id> <instance> NX PX <group-claim-ttl>}.
 *
 * <ul>
 * <li>An instance claims only while one of its members can take the message (open, not paused, its
 * queue not full): a paused or full instance leaves the message to the others instead of winning it
 * and dropping it.</li>
 * <li>The winner hands the message to one of its members (the accepting one with the fewest queued,
 * ties broken round-robin); the others drop their copy.</li>
 * <li>A claim that fails (Redis out of memory, {@code READONLY}, {@code NOPERM}, a time-out) does
 * not drop the message: the instance delivers it as if it had won, so while claims fail a group may
 * handle a message more than once (on each instance), but does not lose it.</li>
 * </ul>
 *
 * <p>Remaining at-most-once limits (pub/sub keeps nothing): a message published while no instance
 * with a free member is connected, or while every member is paused or full, is lost; a copy that
 * reaches an instance after {@code group-claim-ttl} is claimed again (a duplicate).
 *
 * <p><b>Threading:</b> {@link #onMessage} runs on the pub/sub event loop and only queues; decoding
 * and claiming run on one worker thread per group (a bounded queue of {@code amb.redis.queue-capacity}
 * frames, so claims go out in arrival order and a member with concurrency 1 sees one channel's
 * messages in publish order); the claim's completion, on a command connection's event loop, only
 * queues. Membership changes are thread safe.
 */
final class PubSubGroup implements PubSubRouter.Target {

    private static final Log logger = LogFactory.getLog(PubSubGroup.class);

    private final PubSubTransport transport;

    private final String group;

    private final String route;

    private final GroupMembers<PubSubSubscription> members = new GroupMembers<>();

    private final BoundedDispatcher<PubSubFrame> claims;

    private final AtomicLong claimFailures = new AtomicLong();

    private final AtomicLong overflow = new AtomicLong();

    PubSubGroup(PubSubTransport transport, RedisRuntime runtime, String group, String route) {
        this.transport = transport;
        this.group = group;
        this.route = route;
        this.claims = new BoundedDispatcher<>("amb-redis-claims[" + route + "]", runtime.settings().queueCapacity(), 1,
                runtime.workers(), this::claim);
    }

    void add(PubSubSubscription member) {
        members.add(member);
        member.joined(this);
    }

    /** @return {@code true} when no member is left (the claim worker then stops) */
    boolean remove(PubSubSubscription member) {
        boolean empty = members.remove(member);
        if (empty) {
            claims.close(java.time.Duration.ZERO);
        }
        return empty;
    }

    /** @return {@code true} when some member is open, not paused and has room in its queue */
    boolean canTake() {
        for (PubSubSubscription member : members.snapshot()) {
            if (member.accepting() && !member.isFull()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onMessage(String channel, byte[] message) {
        if (!canTake()) {
            return; // paused, full or leaving: another instance's member can take it
        }
        if (!claims.offer(PubSubFrame.arrived(channel, message)) && isPowerOfTen(overflow.incrementAndGet())) {
            logger.warn("Redis pub/sub group '" + group + "' on " + route + " could not keep up claiming: "
                    + overflow.get() + " message(s) left to other instances (claim queue of "
                    + claims.capacity() + " full)");
        }
    }

    /** Decodes (for the message id) and claims; runs on the group's claim worker. */
    private void claim(PubSubFrame arrived) {
        PubSubFrame frame = arrived.decoded();
        if (!canTake()) {
            return; // paused or filled up while the frame waited
        }
        transport.claim(group, frame.channel(), frame.claimId()).whenComplete((won, ex) -> {
            if (ex != null) {
                long count = claimFailures.incrementAndGet();
                if (Long.bitCount(count) == 1) {
                    logger.warn("Could not claim message " + frame.envelope().id() + " on '" + frame.channel()
                            + "' for group '" + group + "' (" + count + " failed claim(s) so far); delivering it"
                            + " here, so other instances may handle it too: " + ex.getMessage());
                }
                hand(frame);
            }
            else if (Boolean.TRUE.equals(won)) {
                hand(frame);
            }
        });
    }

    /** Gives a claimed message to the best member; queued whatever its size: it was claimed for this instance. */
    private void hand(PubSubFrame frame) {
        if (!redeliver(frame)) {
            logger.warn("Redis pub/sub group '" + group + "' lost message " + frame.envelope().id() + ": its"
                    + " members closed after claiming it (pub/sub is at-most-once)");
        }
    }

    /** Queues a message again for some member, whatever the queue sizes; {@code false} when none is left. */
    boolean redeliver(PubSubFrame frame) {
        return members.redeliver(member -> member.requeue(frame));
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    @Override
    public String toString() {
        return "PubSubGroup[" + group + " on " + route + ", " + members.size() + " member(s)]";
    }
}
