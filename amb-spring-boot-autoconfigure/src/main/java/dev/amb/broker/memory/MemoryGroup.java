package dev.amb.broker.memory;

import java.util.List;

import dev.amb.spi.GroupKey;
import dev.amb.spi.support.GroupMembers;
import dev.amb.topic.TopicPattern;

/**
 * The members of one work queue ({@link GroupKey}: a group on a set of patterns). Each message goes to exactly one member,
 * chosen by {@link GroupMembers} (the least loaded member taking deliveries). When a member leaves,
 * the messages queued for it move to the remaining members.
 */
final class MemoryGroup implements MemoryRoute {

    private final GroupKey key;

    private final List<TopicPattern> patterns;

    private final GroupMembers<MemoryConsumer> members = new GroupMembers<>();

    MemoryGroup(GroupKey key, List<TopicPattern> patterns) {
        this.key = key;
        this.patterns = patterns;
    }

    void add(MemoryConsumer member) {
        members.add(member);
        member.joined(this);
    }

    /** @return {@code true} when the group has no members left */
    boolean remove(MemoryConsumer member) {
        return members.remove(member);
    }

    List<TopicPattern> patterns() {
        return patterns;
    }

    @Override
    public Offer offer(Frame frame) {
        MemoryConsumer first = members.choose();
        if (first == null) {
            return Offer.GONE;
        }
        Offer outcome = first.offer(frame);
        if (outcome != Offer.GONE) {
            return outcome;
        }
        // the chosen member is leaving: try the others (its queued messages move to them as well)
        boolean full = false;
        for (MemoryConsumer member : members.snapshot()) {
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
        return members.redeliver(member -> member.redeliver(frame));
    }

    @Override
    public String name() {
        return "group '" + key.group() + "' on " + patterns + " (" + members.size() + " member(s))";
    }
}
