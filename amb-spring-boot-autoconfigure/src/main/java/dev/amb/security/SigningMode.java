package dev.amb.security;

/**
 * What an agent does with message signatures ({@code amb.security.signing.mode}).
 *
 * @since 0.1.0
 */
public enum SigningMode {

    /** Neither signs nor verifies. */
    OFF,

    /** Signs every message it sends; accepts what it receives unverified (for a rollout). */
    SIGN,

    /**
     * Signs every message it sends and verifies every message its subscriptions receive: unsigned,
     * tampered, stale and replayed messages are dead-lettered and never handled.
     */
    VERIFY
}
