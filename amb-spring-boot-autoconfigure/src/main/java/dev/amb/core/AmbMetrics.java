package dev.amb.core;

/**
 * The names and tags of the meters a {@link DefaultMessageBus} registers through its
 * {@link dev.amb.spi.BusMetrics}. Every meter carries {@value #TAG_BROKER}; a subscription's
 * meters also carry {@value #TAG_SUBSCRIPTION} (the endpoint or subscription id; for a subscription
 * without an explicit id, its patterns and group), {@value #TAG_PATTERN} (its patterns, joined with
 * commas) and {@value #TAG_GROUP} ({@value #NO_GROUP} for a broadcast subscription). Subscriptions
 * with the same three values share their meters.
 *
 * @since 0.3.0
 */
public final class AmbMetrics {

    /** Tag: the broker's name ({@code memory}, {@code redis}, ...). */
    public static final String TAG_BROKER = "broker";

    /** Tag: the subscription or endpoint id. */
    public static final String TAG_SUBSCRIPTION = "subscription";

    /** Tag: the subscription's patterns. */
    public static final String TAG_PATTERN = "pattern";

    /** Tag: the consumer group. */
    public static final String TAG_GROUP = "group";

    /** Tag: {@code success} or {@code failure} (handler), {@code success}, {@code timeout} or {@code error} (request). */
    public static final String TAG_OUTCOME = "outcome";

    /** Tag: {@code request}, {@code scatter} or {@code first} (request meters). */
    public static final String TAG_KIND = "kind";

    /** Tag: the circuit breaker's name (breaker state). */
    public static final String TAG_BREAKER = "breaker";

    /** The {@value #TAG_GROUP} tag's value for broadcast subscriptions. */
    public static final String NO_GROUP = "none";

    /** Counter: messages the broker accepted from this bus. */
    public static final String PUBLISHED = "amb.published";

    /** Counter: publishes that failed (refused, open breaker, broker error, no confirmation in time). */
    public static final String PUBLISH_FAILURES = "amb.publish.failures";

    /** Counter: messages received by a subscription (after the exact pattern check). */
    public static final String RECEIVED = "amb.received";

    /** Counter: messages a handler handled successfully. */
    public static final String HANDLED = "amb.handled";

    /** Timer: handler invocations (each attempt; a batch is one invocation), tagged with {@value #TAG_OUTCOME}. */
    public static final String HANDLER_DURATION = "amb.handler.duration";

    /** Counter: handler attempts after the first. */
    public static final String RETRIED = "amb.retried";

    /** Counter: messages sent to the dead-letter topic. */
    public static final String DEAD_LETTERED = "amb.dead.lettered";

    /** Counter: dead letters the broker did not accept (the original went back for redelivery). */
    public static final String DEAD_LETTER_FAILURES = "amb.dead.letter.failures";

    /** Counter: failed messages logged and dropped (dead letters disabled, or failing on the dead-letter topic). */
    public static final String DROPPED = "amb.dropped";

    /** Counter: messages a filter or condition skipped. */
    public static final String FILTERED = "amb.filtered";

    /** Counter: messages that failed their subscription's validator (dead-lettered {@code validation-failed}). */
    public static final String INVALID = "amb.invalid";

    /** Counter: messages whose payload could not be decoded. */
    public static final String UNDECODABLE = "amb.undecodable";

    /** Gauge: messages being handled now. */
    public static final String IN_FLIGHT = "amb.in.flight";

    /** Gauge: messages waiting in the adapter for a handler thread (brokers that queue). */
    public static final String QUEUED = "amb.queued";

    /** Gauge: the consumer lag the broker reports (brokers that can tell), refreshed at most every few seconds. */
    public static final String CONSUMER_LAG = "amb.consumer.lag";

    /** Gauge: the listener's circuit breaker: 0 closed, 1 half-open, 2 open. */
    public static final String BREAKER_STATE = "amb.breaker.state";

    /** Timer: requests from sending to completion, tagged with {@value #TAG_KIND} and {@value #TAG_OUTCOME}. */
    public static final String REQUEST_DURATION = "amb.request.duration";

    /** Counter: requests that timed out, tagged with {@value #TAG_KIND}. */
    public static final String REQUEST_TIMEOUTS = "amb.request.timeouts";

    /** Gauge: requests waiting for replies. */
    public static final String REQUESTS_PENDING = "amb.requests.pending";

    /** Counter: replies that matched no pending request (late, duplicate or unknown) and were dropped. */
    public static final String LATE_REPLIES = "amb.replies.late";

    /**
     * Counter: replies an inbound interceptor refused (a forged or unsigned reply when signatures
     * are verified); dropped, and the request keeps waiting for a genuine reply.
     */
    public static final String REJECTED_REPLIES = "amb.replies.rejected";

    private AmbMetrics() {
    }
}
