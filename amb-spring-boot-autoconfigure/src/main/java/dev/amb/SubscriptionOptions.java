package dev.amb;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to subscribe: the pattern plus everything optional about the subscription.
 *
 * <p>An immutable value built fluently: every method returns a new {@code SubscriptionOptions}
 * and leaves the receiver unchanged, so a base value can be shared and specialised:
 *
 * <pre>{@code
 * SubscriptionOptions workers = SubscriptionOptions.pattern("agents.tasks")
 *         .group("workers")
 *         .ackMode(AckMode.MANUAL)
 *         .retries(5).retryDelay(Duration.ofSeconds(2))
 *         .filter(MessageFilter.header("priority", "high"))
 *         .concurrency(4);
 * }</pre>
 *
 * <p>Options the user leaves unset ({@link #retries()}, {@link #retryDelay()}) fall back to the
 * bus-wide defaults ({@code amb.retry.*}). Values are range-checked here; the pattern itself is
 * validated when the subscription is created.
 *
 * @since 0.1.0
 */
public final class SubscriptionOptions {

    /** The batch size used by {@link AckMode#BATCH} when none is given. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    /** How many messages a {@link AckMode#MANUAL} subscription may hold unsettled when none is given. */
    public static final int DEFAULT_MAX_UNACKED = 1000;

    /** How long a {@link AckMode#BATCH} subscription waits to fill a batch when none is given. */
    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofSeconds(1);

    private final List<String> patterns;
    private final String group;
    private final AckMode ackMode;
    private final Integer retries;
    private final Duration retryDelay;
    private final MessageFilter filter;
    private final int concurrency;
    private final int batchSize;
    private final Duration batchTimeout;
    private final String circuitBreaker;
    private final String id;

    private final int maxUnacked;

    private final MessageValidator validator;

    private SubscriptionOptions(List<String> patterns, String group, AckMode ackMode, Integer retries,
            Duration retryDelay, MessageFilter filter, int concurrency, int batchSize, Duration batchTimeout,
            String circuitBreaker, String id, int maxUnacked, MessageValidator validator) {
        this.patterns = patterns;
        this.group = group;
        this.ackMode = ackMode;
        this.retries = retries;
        this.retryDelay = retryDelay;
        this.filter = filter;
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.batchTimeout = batchTimeout;
        this.circuitBreaker = circuitBreaker;
        this.id = id;
        this.maxUnacked = maxUnacked;
        this.validator = validator;
    }

    /**
     * Starts options for the given topic pattern ({@code *} matches one segment, {@code #} zero
     * or more).
     * @param pattern the topic pattern
     * @return options with every other value at its default
     */
    public static SubscriptionOptions pattern(String pattern) {
        Objects.requireNonNull(pattern, "pattern must not be null");
        return patterns(List.of(pattern));
    }

    /**
     * Starts options for one subscription on several topic patterns. A message whose topic
     * matches more than one of them is delivered once; in a group, the whole set is one work
     * queue (the same group on another set of patterns is another work queue).
     * @param patterns the topic patterns, at least one; duplicates are ignored
     * @return options with every other value at its default
     * @since 0.2.0
     */
    public static SubscriptionOptions patterns(List<String> patterns) {
        Objects.requireNonNull(patterns, "patterns must not be null");
        patterns.forEach(p -> Objects.requireNonNull(p, "patterns must not contain null"));
        List<String> distinct = List.copyOf(new LinkedHashSet<>(patterns));
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one pattern");
        }
        return new SubscriptionOptions(distinct, null, AckMode.AUTO, null, null, null, 1, DEFAULT_BATCH_SIZE,
                DEFAULT_BATCH_TIMEOUT, null, null, DEFAULT_MAX_UNACKED, null);
    }

    /**
     * Subscribes as a member of a consumer group: the group's members share the messages.
     * @param group the group name, or {@code null} for broadcast
     * @return new options
     */
    public SubscriptionOptions group(String group) {
        if (group != null && group.isBlank()) {
            throw new IllegalArgumentException("group must not be blank; use null for a broadcast subscription");
        }
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets how messages are acknowledged.
     * @param ackMode the acknowledgement mode
     * @return new options
     */
    public SubscriptionOptions ackMode(AckMode ackMode) {
        Objects.requireNonNull(ackMode, "ackMode must not be null");
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets how often a failed message is retried before it is dead-lettered.
     * @param retries the number of retries after the first attempt, {@code 0} or more
     * @return new options
     */
    public SubscriptionOptions retries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, was " + retries);
        }
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets the delay before the first retry (later retries back off from it).
     * @param retryDelay a positive or zero duration
     * @return new options
     */
    public SubscriptionOptions retryDelay(Duration retryDelay) {
        Objects.requireNonNull(retryDelay, "retryDelay must not be null");
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must not be negative, was " + retryDelay);
        }
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets a filter; messages it rejects are acknowledged without reaching the handler.
     * @param filter the filter, or {@code null} for none
     * @return new options
     */
    public SubscriptionOptions filter(MessageFilter filter) {
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets how many messages this subscription handles at once.
     * @param concurrency 1 (the default, keeps order) or more
     * @return new options
     */
    public SubscriptionOptions concurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets the largest batch a {@link AckMode#BATCH} handler receives.
     * @param batchSize 1 or more
     * @return new options
     */
    public SubscriptionOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, was " + batchSize);
        }
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets how long a {@link AckMode#BATCH} subscription waits for a batch to fill before it
     * hands over a smaller one.
     * @param batchTimeout a positive duration
     * @return new options
     */
    public SubscriptionOptions batchTimeout(Duration batchTimeout) {
        Objects.requireNonNull(batchTimeout, "batchTimeout must not be null");
        if (batchTimeout.isNegative() || batchTimeout.isZero()) {
            throw new IllegalArgumentException("batchTimeout must be positive, was " + batchTimeout);
        }
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Guards the handler with the named circuit breaker (a Resilience4j instance name).
     * @param circuitBreaker the breaker name, or {@code null} for none
     * @return new options
     */
    public SubscriptionOptions circuitBreaker(String circuitBreaker) {
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, blankToNull(circuitBreaker), id, maxUnacked, validator);
    }

    /**
     * Names the subscription in logs, metrics and error messages.
     * @param id the name, or {@code null} to have one generated from pattern and group
     * @return new options
     */
    public SubscriptionOptions id(String id) {
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, blankToNull(id), maxUnacked, validator);
    }

    /**
     * Sets how many messages a {@link AckMode#MANUAL} subscription may hold without settling them
     * (a handler may settle later, from another thread). When the limit is reached the subscription
     * takes no more messages until one is settled, like a RabbitMQ prefetch.
     * @param maxUnacked 1 or more
     * @return new options
     */
    public SubscriptionOptions maxUnacked(int maxUnacked) {
        if (maxUnacked < 1) {
            throw new IllegalArgumentException("maxUnacked must be 1 or more, was " + maxUnacked);
        }
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /**
     * Sets a validator: each decoded message that passes the filter is validated before the
     * handler sees it; a message with violations is not handled nor retried but dead-lettered with
     * the reason {@code validation-failed} and the violations as its error message (a request also
     * gets an error reply listing them). {@code @Valid} payloads of {@code @AgentListener} and
     * {@code @AgentResponder} methods are validated this way.
     * @param validator the validator, or {@code null} for none
     * @return new options
     * @since 0.2.0
     */
    public SubscriptionOptions validator(MessageValidator validator) {
        return new SubscriptionOptions(patterns, group, ackMode, retries, retryDelay, filter, concurrency, batchSize,
                batchTimeout, circuitBreaker, id, maxUnacked, validator);
    }

    /** @return the validator, or {@code null} for none */
    public MessageValidator validator() {
        return validator;
    }

    /** @return the most unsettled messages of a {@link AckMode#MANUAL} subscription */
    public int maxUnacked() {
        return maxUnacked;
    }

    /** @return the (first) topic pattern */
    public String pattern() {
        return patterns.get(0);
    }

    /**
     * @return every topic pattern, in the order given
     * @since 0.2.0
     */
    public List<String> patterns() {
        return patterns;
    }

    /** @return the group, or {@code null} for broadcast */
    public String group() {
        return group;
    }

    /** @return the acknowledgement mode, {@link AckMode#AUTO} by default */
    public AckMode ackMode() {
        return ackMode;
    }

    /** @return the retry count, empty to use the bus default */
    public OptionalInt retries() {
        return retries != null ? OptionalInt.of(retries) : OptionalInt.empty();
    }

    /** @return the first retry delay, empty to use the bus default */
    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryDelay);
    }

    /** @return the filter, or {@code null} for none */
    public MessageFilter filter() {
        return filter;
    }

    /** @return the number of messages handled at once */
    public int concurrency() {
        return concurrency;
    }

    /** @return the largest batch for {@link AckMode#BATCH} */
    public int batchSize() {
        return batchSize;
    }

    /** @return how long to wait for a batch to fill */
    public Duration batchTimeout() {
        return batchTimeout;
    }

    /** @return the circuit breaker name, or {@code null} for none */
    public String circuitBreaker() {
        return circuitBreaker;
    }

    /** @return the subscription's name, or {@code null} when it will be generated */
    public String id() {
        return id;
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value;
    }

    @Override
    public String toString() {
        return "SubscriptionOptions[patterns=" + patterns + ", group=" + group + ", ackMode=" + ackMode
                + ", retries=" + retries + ", retryDelay=" + retryDelay + ", concurrency=" + concurrency
                + ", batchSize=" + batchSize + ", circuitBreaker=" + circuitBreaker + ", id=" + id + "]";
    }
}
