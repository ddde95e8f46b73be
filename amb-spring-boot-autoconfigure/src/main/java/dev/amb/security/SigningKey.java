package dev.amb.security;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared HMAC-SHA256 key with its id, and optionally the one agent allowed to sign with it.
 * {@link #toString()} never shows the secret.
 *
 * @since 0.1.0
 */
public final class SigningKey {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The smallest secret accepted, in bytes (RFC 2104: at least the hash output length). */
    public static final int MIN_SECRET_BYTES = 32;

    private final String id;

    private final byte[] secret;

    private final String owner;

    /**
     * Creates a key.
     * @param id the key id sent with each signature: 1 to 64 of {@code A-Z a-z 0-9 . _ -}
     * @param secret the secret, at least {@value #MIN_SECRET_BYTES} bytes (copied)
     * @param owner the only agent id allowed to sign with this key, or {@code null} for a key shared by several agents
     */
    public SigningKey(String id, byte[] secret, String owner) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid signing key id '" + id + "': 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        Objects.requireNonNull(secret, "signing key secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("Signing key '" + id + "' is too short: " + secret.length
                    + " bytes, HMAC-SHA256 needs at least " + MIN_SECRET_BYTES);
        }
        this.id = id;
        this.secret = secret.clone();
        this.owner = owner;
    }

    /** @return the key id */
    public String id() {
        return id;
    }

    /** @return the only agent allowed to sign with this key, or {@code null} when it is shared */
    public String owner() {
        return owner;
    }

    /** @return a new HMAC-SHA256 instance keyed with this key (Mac instances are not thread safe) */
    Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        }
        catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKey key && key.id.equals(id) && Arrays.equals(key.secret, secret)
                && Objects.equals(key.owner, owner);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[id=" + id + (owner != null ? ", owner=" + owner : "") + ", secret=******]";
    }
}
