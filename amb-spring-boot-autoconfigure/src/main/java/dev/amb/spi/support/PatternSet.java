package dev.amb.spi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.topic.TopicPattern;

/**
 * The patterns of one subscription, and the rule that makes a multi-pattern subscription deliver
 * a message once even when the broker delivers it once per pattern: the message belongs to the
 * <em>first</em> declared pattern its topic matches ({@link #owner(String)}).
 *
 * <p>{@link #subscribeEach(SubscriptionSpec, DeliveryHandler, BiFunction)} builds a multi-pattern
 * subscription for an adapter that can only subscribe one pattern at a time: one broker
 * subscription per pattern (a grouped one on {@link dev.amb.spi.GroupKey#part(String)}, so each
 * pattern's share is its own work queue), and each acknowledges, without handing it on, a delivery
 * whose topic belongs to an earlier pattern, since that pattern's subscription receives the same
 * message. Every message is then handled once, and always through the same pattern, so the order
 * per topic is kept. Its limit: the patterns' subscriptions run side by side, so the handler may
 * run for two patterns at once even with concurrency 1. Adapters that can subscribe a set of
 * patterns natively should do so instead.
 *
 * <p>Immutable and thread safe.
 *
 * @since 0.2.0
 */
public final class PatternSet {

    private final List<TopicPattern> patterns;

    private PatternSet(List<TopicPattern> patterns) {
        this.patterns = patterns;
    }

    /**
     * Parses the patterns of a subscription.
     * @param patterns the patterns, in declaration order
     * @return the set
     */
    public static PatternSet of(List<String> patterns) {
        return new PatternSet(patterns.stream().map(TopicPattern::of).toList());
    }

    /** @return the parsed patterns, in declaration order */
    public List<TopicPattern> patterns() {
        return patterns;
    }

    /**
     * @param topic a concrete topic
     * @return {@code true} when some pattern matches it
     */
    public boolean matches(String topic) {
        return owner(topic) >= 0;
    }

    /**
     * @param topic a concrete topic
     * @return the index of the first pattern that matches it, or {@code -1} when none does
     */
    public int owner(String topic) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(topic)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Subscribes each pattern of {@code spec} separately through {@code single} and combines the
     * subscriptions into one that delivers each message once. A single-pattern spec is passed to
     * {@code single} unchanged.
     * @param spec the multi-pattern subscription
     * @param handler the bus's handler
     * @param single subscribes one single-pattern spec at the broker
     * @return the combined subscription
     */
    public static BrokerSubscription subscribeEach(SubscriptionSpec spec, DeliveryHandler handler,
            BiFunction<SubscriptionSpec, DeliveryHandler, BrokerSubscription> single) {
        if (spec.singlePattern()) {
            return single.apply(spec, handler);
        }
        PatternSet set = of(spec.patterns());
        List<BrokerSubscription> parts = new ArrayList<>();
        try {
            for (int i = 0; i < spec.patterns().size(); i++) {
                String pattern = spec.patterns().get(i);
                SubscriptionSpec part = new SubscriptionSpec(spec.id() + "[" + pattern + "]", List.of(pattern),
                        spec.grouped() ? spec.groupKey().part(pattern) : null, spec.concurrency());
                int index = i;
                parts.add(single.apply(part, delivery -> {
                    if (set.owner(delivery.envelope().topic()) == index) {
                        handler.onDelivery(delivery);
                    }
                    else {
                        delivery.ack();
                    }
                }));
            }
        }
        catch (RuntimeException ex) {
            parts.forEach(BrokerSubscription::close);
            throw ex;
        }
        return new CompositeSubscription(parts);
    }
}
