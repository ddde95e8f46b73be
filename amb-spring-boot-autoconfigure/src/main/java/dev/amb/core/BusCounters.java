package dev.amb.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import dev.amb.spi.BusMetrics;

/**
 * Running totals of what the bus did since it started: the bus's one bookkeeping. Bus-wide
 * figures are kept here, a subscription's in its {@link SubscriptionCounters}; the totals below
 * sum them, and the meters registered through {@link BusMetrics} (see {@link AmbMetrics}) read
 * the same adders, so metrics and these totals cannot disagree. Cheap to update from any thread;
 * read them for tests, logs or reports. Thread safe.
 *
 * <p>Subscriptions that share an id, patterns and group share their counters, which outlive the
 * subscriptions (a stopped and restarted endpoint continues its counts); their number is bounded
 * by the distinct subscriptions an application declares.
 *
 * @since 0.1.0
 */
public final class BusCounters {

    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder unmatchedReplies = new LongAdder();
    /** Replies an inbound interceptor refused. */
    final LongAdder rejectedReplies = new LongAdder();
    /** Replies whose payload could not be decoded (they belong to no subscription). */
    final LongAdder undecodableReplies = new LongAdder();
    /** Requests that timed out, by {@link RequestMeters.Kind} ordinal. */
    final LongAdder[] requestTimeouts = { new LongAdder(), new LongAdder(), new LongAdder() };

    private final String broker;

    private final BusMetrics metrics;

    private final ConcurrentMap<String, SubscriptionCounters> subscriptions = new ConcurrentHashMap<>();

    BusCounters(String broker, BusMetrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
        Map<String, String> tags = Map.of(AmbMetrics.TAG_BROKER, broker);
        metrics.counter(AmbMetrics.PUBLISHED, "Messages the broker accepted", tags, published::sum);
        metrics.counter(AmbMetrics.PUBLISH_FAILURES, "Publishes that failed", tags, publishFailures::sum);
        metrics.counter(AmbMetrics.LATE_REPLIES, "Replies that matched no pending request", tags,
                unmatchedReplies::sum);
        metrics.counter(AmbMetrics.REJECTED_REPLIES, "Replies an inbound interceptor refused", tags,
                rejectedReplies::sum);
    }

    /** @return the counters kept under a subscription's key, registering its meters the first time */
    SubscriptionCounters subscription(String key, List<String> patterns, String group) {
        return subscriptions.computeIfAbsent(key,
                k -> new SubscriptionCounters(k, SubscriptionCounters.tags(broker, k, patterns, group), metrics));
    }

    /** @return the counters of every subscription key seen so far */
    public Collection<SubscriptionCounters> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    private long sum(ToLongFunction<SubscriptionCounters> figure) {
        long total = 0;
        for (SubscriptionCounters counters : subscriptions.values()) {
            total += figure.applyAsLong(counters);
        }
        return total;
    }

    /** @return messages the broker accepted from this bus */
    public long published() {
        return published.sum();
    }

    /** @return publishes whose future failed */
    public long publishFailures() {
        return publishFailures.sum();
    }

    /** @return deliveries received from the broker, across all subscriptions */
    public long delivered() {
        return sum(SubscriptionCounters::received);
    }

    /** @return handler invocations that returned normally (messages, for batches) */
    public long handled() {
        return sum(SubscriptionCounters::handled);
    }

    /** @return handler invocations that threw (each attempt counts) */
    public long handlerFailures() {
        return sum(SubscriptionCounters::handlerFailures);
    }

    /** @return deliveries and replies whose payload could not be decoded */
    public long undecodable() {
        return sum(SubscriptionCounters::undecodable) + undecodableReplies.sum();
    }

    /** @return deliveries a filter rejected */
    public long filtered() {
        return sum(SubscriptionCounters::filtered);
    }

    /** @return deliveries that failed their subscription's validator (dead-lettered with {@code validation-failed}) */
    public long invalid() {
        return sum(SubscriptionCounters::invalid);
    }

    /** @return failed messages that were logged and dropped (dead letters disabled, or failing on the dead-letter topic) */
    public long droppedFailures() {
        return sum(SubscriptionCounters::dropped);
    }

    /** @return messages sent to the dead-letter topic */
    public long deadLettered() {
        return sum(SubscriptionCounters::deadLettered);
    }

    /** @return dead letters the broker did not accept (the originals were returned for redelivery) */
    public long deadLetterFailures() {
        return sum(SubscriptionCounters::deadLetterFailures);
    }

    /** @return handler attempts after the first (retries) */
    public long retries() {
        return sum(SubscriptionCounters::retried);
    }

    /** @return replies that matched no pending request (late, duplicate or unknown) and were dropped */
    public long unmatchedReplies() {
        return unmatchedReplies.sum();
    }

    /** @return replies an inbound interceptor refused (for example unsigned or forged ones) and were dropped */
    public long rejectedReplies() {
        return rejectedReplies.sum();
    }

    /** @return requests (single, scatter-gather and first-wins) that timed out */
    public long requestTimeouts() {
        long total = 0;
        for (LongAdder kind : requestTimeouts) {
            total += kind.sum();
        }
        return total;
    }

    /** @return the bus-wide totals by name, for reports */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new java.util.LinkedHashMap<>();
        map.put("published", published());
        map.put("publishFailures", publishFailures());
        map.put("delivered", delivered());
        map.put("handled", handled());
        map.put("handlerFailures", handlerFailures());
        map.put("undecodable", undecodable());
        map.put("filtered", filtered());
        map.put("invalid", invalid());
        map.put("droppedFailures", droppedFailures());
        map.put("deadLettered", deadLettered());
        map.put("deadLetterFailures", deadLetterFailures());
        map.put("retries", retries());
        map.put("unmatchedReplies", unmatchedReplies());
        map.put("rejectedReplies", rejectedReplies());
        map.put("requestTimeouts", requestTimeouts());
        return map;
    }

    @Override
    public String toString() {
        return "BusCounters" + asMap();
    }
}
