package dev.amb.spi;

/**
 * What an outgoing envelope is, as seen by an {@link OutboundInterceptor}.
 *
 * @since 0.1.0
 */
public enum OutboundKind {

    /** An application publish (also a republished dead letter). */
    PUBLISH,

    /** A request, sent with a {@code replyto} and a correlation id. */
    REQUEST,

    /** A reply or error reply to a request, sent to the requester's reply inbox. */
    REPLY,

    /** A dead letter the bus sends to the dead-letter topic. */
    DEAD_LETTER
}
