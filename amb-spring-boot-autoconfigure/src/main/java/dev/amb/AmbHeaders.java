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

    /** Extension: the message signature, when signing is enabled. */
    public static final String EXT_SIGNATURE = "signature";

    /** Extension (CloudEvents distributed tracing): the W3C {@code traceparent}. */
    public static final String EXT_TRACEPARENT = "traceparent";

    /** Extension (CloudEvents distributed tracing): the W3C {@code tracestate}. */
    public static final String EXT_TRACESTATE = "tracestate";

    private AmbHeaders() {
    }
}
