package dev.amb.broker.nats;

/**
 * How AMB writes a message on NATS: which content mode of the CloudEvents NATS protocol binding
 * (version 1.0.3) it uses. Both are valid CloudEvents, and AMB reads both whatever it writes, so
 * agents with different modes talk to each other.
 *
 * <ul>
 * <li>{@link #BINARY} (the default): the payload is the message body, unchanged, and every
 * attribute is a {@code ce-*} header. A plain NATS client reads the payload as it is.</li>
 * <li>{@link #STRUCTURED}: the whole event (attributes and data) is one JSON document in the body,
 * marked by the one header {@code Content-Type: application/cloudevents+json}, for consumers that
 * want whole events. jnats handles one header faster than six, but the receiving subscription
 * parses the whole document instead, so it is not faster end to end: see
 * {@code docs/performance.md}, "NATS: structured content mode".</li>
 * </ul>
 */
public enum NatsContentMode {

    /** Attributes as {@code ce-*} headers, the payload as the body (the default). */
    BINARY,

    /** The event as one JSON document in the body, with {@code Content-Type: application/cloudevents+json}. */
    STRUCTURED
}
