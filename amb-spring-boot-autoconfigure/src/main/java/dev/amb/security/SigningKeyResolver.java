package dev.amb.security;

/**
 * Where signing keys come from: the properties ({@link StaticSigningKeyResolver}) or, as an
 * application bean, a vault. Called for every message sent and received, so implementations that
 * fetch keys remotely should cache them. Thread safe.
 *
 * <p>Rotation without downtime: first add the new key to every agent's verification keys, then
 * switch {@link #signingKey()} to it, then, once no message signed with the old key can still be
 * in flight, drop the old key.
 *
 * @since 0.1.0
 */
public interface SigningKeyResolver {

    /** @return the key this agent signs with */
    SigningKey signingKey();

    /**
     * @param keyId the key id a received signature names
     * @return the key to verify it with, or {@code null} when the id is unknown
     */
    SigningKey verificationKey(String keyId);
}
