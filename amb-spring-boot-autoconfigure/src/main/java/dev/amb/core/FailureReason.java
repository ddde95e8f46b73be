package dev.amb.core;

/**
 * Why a message left the normal path; the value of the {@code amb-dlq-reason} header.
 */
enum FailureReason {

    /** The handler failed on every allowed attempt (or with a non-retryable error). */
    RETRIES_EXHAUSTED("retries-exhausted"),

    /** The payload could not be decoded into the handler's type. */
    UNDECODABLE("undecodable"),

    /** The decoded message failed its subscription's validator (for example a {@code @Valid} payload). */
    VALIDATION_FAILED("validation-failed"),

    /** A filter or condition threw. */
    FILTER_FAILED("filter-failed"),

    /** A {@code MANUAL} handler rejected it without requeue. */
    REJECTED("rejected"),

    /** An inbound interceptor failed with an exception other than a rejection. */
    INTERCEPTOR_FAILED("interceptor-failed"),

    /** A request whose {@code replyto} is not a reply inbox: answering it would publish anywhere. */
    INVALID_REPLY_TO("invalid-reply-to");

    private final String value;

    FailureReason(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }
}
