package dev.amb.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import dev.amb.spi.Breaker;
import dev.amb.spi.BusMetrics;

/**
 * Running totals of one subscription (or of all subscriptions sharing its id, patterns and group,
 * see {@link AmbMetrics}), and the figures its gauges read. The bus's only bookkeeping of them:
 * {@link BusCounters} sums these, meters read them. Cheap to update from any thread. Thread safe.
 *
 * @since 0.3.0
 */
public final class SubscriptionCounters {

    final LongAdder received = new LongAdder();
    final LongAdder handled = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder undecodable = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder invalid = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder deadLetterFailures = new LongAdder();
    final LongAdder dropped = new LongAdder();

    /** Handler durations of successful and failed attempts, resolved once. */
    final BusMetrics.Timing handlerSuccess;
    final BusMetrics.Timing handlerFailure;

    private final AtomicInteger inFlight = new AtomicInteger();

    /** When a handler last finished, or started while none was running (System.nanoTime). */
    private volatile long lastProgress = System.nanoTime();

    /** The open subscriptions counted here; the gauges read them. */
    private final Set<BusSubscription> live = ConcurrentHashMap.newKeySet();

    private final Set<String> breakers = ConcurrentHashMap.newKeySet();

    private final String key;

    private final Map<String, String> tags;

    private final BusMetrics metrics;

    SubscriptionCounters(String key, Map<String, String> tags, BusMetrics metrics) {
        this.key = key;
        this.tags = Map.copyOf(tags);
        this.metrics = metrics;
        this.handlerSuccess = metrics.timer(AmbMetrics.HANDLER_DURATION, "Handler invocations", with(tags,
                AmbMetrics.TAG_OUTCOME, "success"));
        this.handlerFailure = metrics.timer(AmbMetrics.HANDLER_DURATION, "Handler invocations", with(tags,
                AmbMetrics.TAG_OUTCOME, "failure"));
        counter(AmbMetrics.RECEIVED, "Messages received", received);
        counter(AmbMetrics.HANDLED, "Messages handled successfully", handled);
        counter(AmbMetrics.RETRIED, "Handler attempts after the first", retried);
        counter(AmbMetrics.DEAD_LETTERED, "Messages sent to the dead-letter topic", deadLettered);
        counter(AmbMetrics.DEAD_LETTER_FAILURES, "Dead letters the broker did not accept", deadLetterFailures);
        counter(AmbMetrics.DROPPED, "Failed messages logged and dropped", dropped);
        counter(AmbMetrics.FILTERED, "Messages a filter skipped", filtered);
        counter(AmbMetrics.INVALID, "Messages that failed validation", invalid);
        counter(AmbMetrics.UNDECODABLE, "Messages that could not be decoded", undecodable);
        metrics.gauge(AmbMetrics.IN_FLIGHT, "Messages being handled", tags, inFlight::get);
        metrics.gauge(AmbMetrics.QUEUED, "Messages waiting for a handler thread", tags,
                () -> sum(BusSubscription::queuedOrUnknown));
        metrics.gauge(AmbMetrics.CONSUMER_LAG, "Consumer lag reported by the broker", tags, this::maxLag);
    }

    static Map<String, String> tags(String broker, String key, List<String> patterns, String group) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(AmbMetrics.TAG_BROKER, broker);
        tags.put(AmbMetrics.TAG_SUBSCRIPTION, key);
        tags.put(AmbMetrics.TAG_PATTERN, String.join(",", patterns));
        tags.put(AmbMetrics.TAG_GROUP, group != null ? group : AmbMetrics.NO_GROUP);
        return tags;
    }

    static Map<String, String> with(Map<String, String> tags, String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(tags);
        more.put(key, value);
        return more;
    }

    private void counter(String name, String description, LongAdder adder) {
        metrics.counter(name, description, tags, adder::sum);
    }

    private double sum(ToLongFunction<BusSubscription> value) {
        long total = 0;
        boolean any = false;
        for (BusSubscription subscription : live) {
            long one = value.applyAsLong(subscription);
            if (one >= 0) {
                total += one;
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    /** Subscriptions sharing these counters share a group (one lag) or are alike: the largest is shown. */
    private double maxLag() {
        long max = -1;
        for (BusSubscription subscription : live) {
            OptionalLong lag = subscription.lag();
            if (lag.isPresent()) {
                max = Math.max(max, lag.getAsLong());
            }
        }
        return max >= 0 ? max : Double.NaN;
    }

    /** Registers the breaker state gauge of a listener breaker, once per name. */
    void breaker(Breaker breaker) {
        if (breakers.add(breaker.name())) {
            metrics.gauge(AmbMetrics.BREAKER_STATE, "Listener circuit breaker: 0 closed, 1 half-open, 2 open",
                    with(tags, AmbMetrics.TAG_BREAKER, breaker.name()), () -> stateCode(breaker.state()));
        }
    }

    static int stateCode(Breaker.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    void opened(BusSubscription subscription) {
        live.add(subscription);
    }

    void closed(BusSubscription subscription) {
        live.remove(subscription);
    }

    /** A delivery starts being processed. */
    void started() {
        if (inFlight.getAndIncrement() == 0) {
            lastProgress = System.nanoTime();
        }
    }

    /** A delivery finished processing. */
    void finished() {
        lastProgress = System.nanoTime();
        inFlight.decrementAndGet();
    }

    /** @return nanoseconds since a handler last made progress while handlers are running, else 0 */
    long stalledNanos() {
        return inFlight.get() > 0 ? Math.max(0, System.nanoTime() - lastProgress) : 0;
    }

    /** @return the subscription id, or patterns and group, these counters are kept under */
    public String key() {
        return key;
    }

    /** @return the meters' tags */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return messages received */
    public long received() {
        return received.sum();
    }

    /** @return messages handled successfully */
    public long handled() {
        return handled.sum();
    }

    /** @return handler invocations that threw (each attempt counts) */
    public long handlerFailures() {
        return handlerFailures.sum();
    }

    /** @return messages whose payload could not be decoded */
    public long undecodable() {
        return undecodable.sum();
    }

    /** @return messages a filter skipped */
    public long filtered() {
        return filtered.sum();
    }

    /** @return messages that failed the subscription's validator (dead-lettered with {@code validation-failed}) */
    public long invalid() {
        return invalid.sum();
    }

    /** @return handler attempts after the first */
    public long retried() {
        return retried.sum();
    }

    /** @return messages sent to the dead-letter topic */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** @return dead letters the broker did not accept */
    public long deadLetterFailures() {
        return deadLetterFailures.sum();
    }

    /** @return failed messages logged and dropped */
    public long dropped() {
        return dropped.sum();
    }

    /** @return messages being handled now */
    public int inFlight() {
        return inFlight.get();
    }

    /** @return the totals by name, for reports */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("received", received());
        map.put("handled", handled());
        map.put("handlerFailures", handlerFailures());
        map.put("retried", retried());
        map.put("deadLettered", deadLettered());
        map.put("deadLetterFailures", deadLetterFailures());
        map.put("dropped", dropped());
        map.put("filtered", filtered());
        map.put("invalid", invalid());
        map.put("undecodable", undecodable());
        return map;
    }

    @Override
    public String toString() {
        return "SubscriptionCounters[" + key + " " + asMap() + "]";
    }
}
