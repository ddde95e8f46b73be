package dev.amb;

/**
 * Names of the attributes and headers AMB puts on the wire.
 *
 * <p>Every AMB message is a CloudEvents 1.0 event. The {@code CE_*} names are the CloudEvents
 * context attributes, the {@code EXT_*} names the CloudEvents extension attributes AMB adds
 * (lower-case letters and digits only, as the specification requires). How each one is carried
 * by each broker (for example {@code ce_id} as a Kafka header, {@code ce-id} as a NATS header) is
 * written down in {@code docs/wire-format.md}.
 *
 * <p>User headers (the {@code headers} argument of {@link MessageBus#publish(String, Object, java.util.Map)})
 * travel beside these attributes and are returned by {@link Message#headers()}; they never
 * include the names below.
 *
 * @since 0.1.0
 */
public final class AmbHeaders {

    /** The CloudEvents specification version AMB writes. */
    public static final String SPEC_VERSION = "1.0";

    /** CloudEvents {@code specversion}. */
    public static final String CE_SPECVERSION = "specversion";

    /** CloudEvents {@code id}: the message id. */
    public static final String CE_ID = "id";

    /** CloudEvents {@code source}: the publishing agent's id. */
    public static final String CE_SOURCE = "source";

    /** CloudEvents {@code type}: the AMB topic. */
    public static final String CE_TYPE = "type";

    /** CloudEvents {@code time}: when the message was published (RFC 3339). */
    public static final String CE_TIME = "time";

    /** CloudEvents {@code datacontenttype}: the payload's media type, e.g. {@code application/json}. */
    public static final String CE_DATACONTENTTYPE = "datacontenttype";

    /** CloudEvents {@code subject}: optional, not set by AMB, carried when present. */
    public static final String CE_SUBJECT = "subject";

    /** Extension: the correlation id of a request and its replies. */
    public static final String EXT_CORRELATION_ID = "correlationid";

    /** Extension: the topic the requester listens on for replies. */
    public static final String EXT_REPLY_TO = "replyto";

    /** Extension: on an error reply, the class name of the responder's exception. */
    public static final String EXT_ERROR_TYPE = "errortype";

    /** Extension: on an error reply, the message of the responder's exception. */
    public static final String EXT_ERROR_MESSAGE = "errormessage";

    /**
     * Extension: on a reply or error reply, which responder of the sending agent answered (its
     * group, or one subscription), so that scatter-gather counts each responder once.
     */
    public static final String EXT_RESPONDER = "responder";

    /** Extension: the message signature, when signing is enabled. */
    public static final String EXT_SIGNATURE = "signature";

    /** Extension (CloudEvents distributed tracing): the W3C {@code traceparent}. */
    public static final String EXT_TRACEPARENT = "traceparent";

    /** Extension (CloudEvents distributed tracing): the W3C {@code tracestate}. */
    public static final String EXT_TRACESTATE = "tracestate";

    /** Dead-letter header: the topic the message was originally published to. */
    public static final String DEAD_LETTER_TOPIC = "amb-dlq-topic";

    /** Dead-letter header: the subscription that gave up on the message. */
    public static final String DEAD_LETTER_SUBSCRIPTION = "amb-dlq-subscription";

    /** Dead-letter header: that subscription's group (absent for broadcast subscriptions). */
    public static final String DEAD_LETTER_GROUP = "amb-dlq-group";

    /** Dead-letter header: why ({@code retries-exhausted}, {@code undecodable}, {@code validation-failed}, {@code filter-failed}, {@code rejected}, or the handler's own reason). */
    public static final String DEAD_LETTER_REASON = "amb-dlq-reason";

    /** Dead-letter header: the class name of the last error, when there was one. */
    public static final String DEAD_LETTER_ERROR_CLASS = "amb-dlq-error-class";

    /** Dead-letter header: the message of the last error (at most 1,000 characters). */
    public static final String DEAD_LETTER_ERROR_MESSAGE = "amb-dlq-error-message";

    /** Dead-letter header: how many times the handler was attempted. */
    public static final String DEAD_LETTER_ATTEMPTS = "amb-dlq-attempts";

    /** Dead-letter header: when the message was dead-lettered (ISO-8601). */
    public static final String DEAD_LETTER_TIME = "amb-dlq-time";

    /** Dead-letter header: the original message's id. */
    public static final String DEAD_LETTER_ORIGINAL_ID = "amb-dlq-original-id";

    /** Dead-letter header: the original message's sender. */
    public static final String DEAD_LETTER_ORIGINAL_SENDER = "amb-dlq-original-sender";

    /** Header on a republished dead letter: the id of the dead letter it came from. */
    public static final String REPUBLISHED_FROM = "amb-republished-from";

    /** The prefix shared by every dead-letter header. */
    public static final String DEAD_LETTER_PREFIX = "amb-dlq-";

    private AmbHeaders() {
    }
}
