package dev.amb.security;

/**
 * The dead-letter reasons ({@code amb-dlq-reason}) and audit outcomes of AMB's security interceptors.
 *
 * @since 0.1.0
 */
public final class SecurityReasons {

    /** The message carries no signature, but this agent verifies signatures. */
    public static final String UNSIGNED = "unsigned";

    /** The signature does not match the message, is malformed, or names an unknown key. */
    public static final String SIGNATURE_INVALID = "signature-invalid";

    /** The signed time is further from now than the tolerance ({@code amb.security.signing.tolerance}). */
    public static final String SIGNATURE_EXPIRED = "signature-expired";

    /** The same (source, id) arrived again within the replay window. */
    public static final String REPLAYED = "replayed";

    /** The sender may not publish on the message's topic. */
    public static final String ACCESS_DENIED = "access-denied";

    /** The sender went over its rate limit for the topic. */
    public static final String RATE_LIMITED = "rate-limited";

    private SecurityReasons() {
    }
}
