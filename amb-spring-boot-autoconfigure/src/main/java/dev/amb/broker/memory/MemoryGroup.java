package dev.amb.broker.memory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.amb.topic.TopicPattern;

/**
 * The members of one consumer group on one pattern. Each message goes to exactly one member: the
 * one with the fewest queued messages among those taking deliveries, ties broken round-robin, so
 * a slow member is not handed more than it can take. When a member leaves, the messages queued
 * for it move to the remaining members.
 */
final class MemoryGroup implements MemoryRoute {

    private final String group;

    private final TopicPattern pattern;

    private final List<MemoryConsumer> members = new CopyOnWriteArrayList<>();

    private final AtomicInteger next = new AtomicInteger();

    MemoryGroup(String group, TopicPattern pattern) {
        this.group = group;
        this.pattern = pattern;
    }

    static String key(String group, TopicPattern pattern) {
        return group + "|" + pattern.value();
    }

    void add(MemoryConsumer member) {
        members.add(member);
        member.joined(this);
    }

    /** @return {@code true} when the group has no members left */
    boolean remove(MemoryConsumer member) {
        members.remove(member);
        return members.isEmpty();
    }

    TopicPattern pattern() {
        return pattern;
    }

    @Override
    public Offer offer(Frame frame) {
        MemoryConsumer first = choose();
        if (first == null) {
            return Offer.GONE;
        }
        Offer outcome = first.offer(frame);
        if (outcome != Offer.GONE) {
            return outcome;
        }
        // the chosen member is leaving: try the others (its queued messages move to them as well)
        boolean full = false;
        for (MemoryConsumer member : List.copyOf(members)) {
            Offer other = member.offer(frame);
            if (other == Offer.ACCEPTED) {
                return Offer.ACCEPTED;
            }
            full |= other == Offer.FULL;
        }
        return full ? Offer.FULL : Offer.GONE;
    }

    @Override
    public boolean redeliver(Frame frame) {
        MemoryConsumer target = choose();
        if (target != null && target.redeliver(frame)) {
            return true;
        }
        for (MemoryConsumer member : members) {
            if (member.redeliver(frame)) {
                return true;
            }
        }
        return false;
    }

    private MemoryConsumer choose() {
        List<MemoryConsumer> snapshot = List.copyOf(members);
        int size = snapshot.size();
        if (size == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        MemoryConsumer best = null;
        int bestPending = Integer.MAX_VALUE;
        MemoryConsumer fallback = null;
        for (int i = 0; i < size; i++) {
            MemoryConsumer member = snapshot.get((start + i) % size);
            if (!member.accepting()) {
                if (fallback == null) {
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

    @Override
    public String name() {
        return "group '" + group + "' on '" + pattern + "' (" + members.size() + " member(s))";
    }
}
