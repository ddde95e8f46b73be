package dev.amb.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fixed set of keys: one to sign with, every one of them to verify with.
 *
 * @since 0.1.0
 */
public final class StaticSigningKeyResolver implements SigningKeyResolver {

    private final SigningKey signingKey;

    private final Map<String, SigningKey> keys;

    /**
     * @param signingKeyId the id of the key to sign with; must be one of {@code keys}
     * @param keys every key this agent verifies with, by id
     */
    public StaticSigningKeyResolver(String signingKeyId, Map<String, SigningKey> keys) {
        this.keys = Map.copyOf(new LinkedHashMap<>(keys));
        this.signingKey = this.keys.get(signingKeyId);
        if (signingKey == null) {
            throw new IllegalArgumentException("The signing key id '" + signingKeyId + "' is not among the configured keys "
                    + this.keys.keySet());
        }
    }

    @Override
    public SigningKey signingKey() {
        return signingKey;
    }

    @Override
    public SigningKey verificationKey(String keyId) {
        return keys.get(keyId);
    }

    @Override
    public String toString() {
        return "StaticSigningKeyResolver[signing=" + signingKey.id() + ", keys=" + keys.keySet() + "]";
    }
}
