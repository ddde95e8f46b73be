package dev.amb.security;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;

/**
 * Signs every envelope this agent sends (publishes, requests, replies, dead letters) with the
 * resolver's current signing key, in the {@code signature} extension (see
 * {@link EnvelopeSignatures}). Runs last ({@link SecurityOrder#SIGN}), so the signature covers what
 * earlier interceptors changed. Thread safe.
 *
 * @since 0.1.0
 */
public final class SigningInterceptor implements OutboundInterceptor {

    private final SigningKeyResolver keys;

    /** @param keys where the signing key comes from */
    public SigningInterceptor(SigningKeyResolver keys) {
        this.keys = keys;
    }

    @Override
    public Envelope beforeSend(Envelope envelope, OutboundKind kind) {
        SigningKey key = keys.signingKey();
        return envelope.toBuilder().extension(AmbHeaders.EXT_SIGNATURE, EnvelopeSignatures.sign(envelope, key)).build();
    }

    @Override
    public int getOrder() {
        return SecurityOrder.SIGN;
    }
}
