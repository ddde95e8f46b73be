package dev.amb.spi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the bus asks a broker to subscribe to: one subscription on one or more patterns.
 *
 * <p>A message whose topic matches several of the patterns is one message for the subscription:
 * the adapter delivers it once (a RabbitMQ queue with several bindings, a Kafka consumer with one
 * regular expression, a JetStream consumer with several filter subjects do so natively; adapters
 * whose broker would deliver it once per pattern de-duplicate, for example with
 * {@code dev.amb.spi.support.PatternSet}). For a grouped subscription the whole set is one work
 * queue, named by {@link #groupKey()}.
 *
 * @param id the subscription's name, used in thread names, logs and error messages
 * @param patterns the topic patterns, already validated by the bus ({@code dev.amb.topic.TopicPattern}
 *        parses each), distinct, in declaration order, at least one
 * @param groupKey the work queue for a grouped subscription, or {@code null} for broadcast
 * @param concurrency how many deliveries may be handled at once (1 keeps order)
 * @param nonBlocking {@code true} when the handler is quick and never blocks (the bus's reply
 *        inbox, never a user handler): the adapter may run it on its own delivery thread instead
 *        of handing each delivery to a worker ({@code BoundedDispatcher}'s inline hand-off)
 * @since 0.1.0
 */
public record SubscriptionSpec(String id, List<String> patterns, GroupKey groupKey, int concurrency,
        boolean nonBlocking) {

    /**
     * Validates the values.
     * @param id the subscription's name
     * @param patterns the topic patterns
     * @param groupKey the work queue or {@code null}
     * @param concurrency 1 or more
     * @param nonBlocking whether the handler is quick and never blocks
     */
    public SubscriptionSpec {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(patterns, "patterns must not be null");
        patterns = List.copyOf(new LinkedHashSet<>(patterns));
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one pattern");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
    }

    /**
     * A subscription whose handler may block (every user subscription).
     * @param id the subscription's name
     * @param patterns the topic patterns
     * @param groupKey the work queue or {@code null}
     * @param concurrency 1 or more
     */
    public SubscriptionSpec(String id, List<String> patterns, GroupKey groupKey, int concurrency) {
        this(id, patterns, groupKey, concurrency, false);
    }

    /**
     * @return this subscription with a handler that is quick and never blocks, which the adapter
     *         may run on its own delivery thread
     */
    public SubscriptionSpec withNonBlockingHandler() {
        return new SubscriptionSpec(id, patterns, groupKey, concurrency, true);
    }

    /**
     * A subscription on the given patterns, in the given group.
     * @param id the subscription's name
     * @param patterns the patterns
     * @param group the group name, or {@code null} for broadcast
     * @param concurrency 1 or more
     * @return the spec, with the group's key computed by {@link GroupKey#of(String, List)}
     */
    public static SubscriptionSpec of(String id, List<String> patterns, String group, int concurrency) {
        return new SubscriptionSpec(id, patterns, group == null ? null : GroupKey.of(group, patterns), concurrency);
    }

    /**
     * A subscription on one pattern.
     * @param id the subscription's name
     * @param pattern the pattern
     * @param group the group name, or {@code null} for broadcast
     * @param concurrency 1 or more
     * @return the spec
     */
    public static SubscriptionSpec of(String id, String pattern, String group, int concurrency) {
        return of(id, List.of(pattern), group, concurrency);
    }

    /** @return {@code true} when the subscription belongs to a consumer group */
    public boolean grouped() {
        return groupKey != null;
    }

    /** @return the group name the user gave, or {@code null} for broadcast */
    public String group() {
        return groupKey == null ? null : groupKey.group();
    }

    /** @return {@code true} when the subscription has one pattern */
    public boolean singlePattern() {
        return patterns.size() == 1;
    }
}
