package dev.amb.spi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The members of one consumer group inside one broker adapter, for adapters that share a group's
 * messages among local subscriptions themselves (the memory broker, Redis pub/sub). Each message
 * goes to the member taking deliveries with the fewest queued messages, ties broken round-robin,
 * so a slow member is not handed more than it can take; when every member is paused, to the first
 * one still open.
 *
 * <p>Thread safe: members may join and leave while messages are routed.
 *
 * @param <M> the member type
 * @since 0.1.0
 */
public final class GroupMembers<M extends GroupMembers.Member> {

    /** What the chooser needs to know about a member. */
    public interface Member {

        /** @return {@code true} while the member takes deliveries (open and not paused) */
        boolean accepting();

        /** @return {@code true} until the member is closed */
        boolean isActive();

        /** @return how many messages wait in the member's queue */
        int pending();
    }

    /** Replaced as a whole on join and leave, so routing reads it without copying or locking. */
    private volatile List<M> members = List.of();

    private final AtomicInteger next = new AtomicInteger();

    /** Creates an empty group. */
    public GroupMembers() {
    }

    /** @param member the member joining */
    public synchronized void add(M member) {
        List<M> joined = new ArrayList<>(members);
        joined.add(member);
        members = List.copyOf(joined);
    }

    /**
     * @param member the member leaving
     * @return {@code true} when no member is left
     */
    public synchronized boolean remove(M member) {
        List<M> left = new ArrayList<>(members);
        left.remove(member);
        members = List.copyOf(left);
        return left.isEmpty();
    }

    /** @return the number of members */
    public int size() {
        return members.size();
    }

    /** @return {@code true} when there is no member */
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** @return the members now, in joining order */
    public List<M> snapshot() {
        return members;
    }

    /** @return the member that should get the next message, or {@code null} when there is none */
    public M choose() {
        List<M> snapshot = members;
        int size = snapshot.size();
        if (size == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        M best = null;
        int bestPending = Integer.MAX_VALUE;
        M fallback = null;
        for (int i = 0; i < size; i++) {
            M member = snapshot.get((start + i) % size);
            if (!member.accepting()) {
                if (fallback == null && member.isActive()) {
                    fallback = member;
                }
                continue;
            }
            int pending = member.pending();
            if (pending < bestPending) {
                best = member;
                bestPending = pending;
            }
        }
        return best != null ? best : fallback;
    }

    /**
     * Hands a message that was already accepted once to some member, whatever the queue sizes: the
     * chosen one first, then any other.
     * @param requeue queues the message with a member; {@code false} when that member is closed
     * @return {@code false} when no member could take it
     */
    public boolean redeliver(Predicate<M> requeue) {
        M chosen = choose();
        if (chosen != null && requeue.test(chosen)) {
            return true;
        }
        for (M member : members) {
            if (member != chosen && requeue.test(member)) {
                return true;
            }
        }
        return false;
    }
}
