package dev.amb.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.spi.EnvelopeRejectedException;
import dev.amb.spi.InboundContext;
import dev.amb.spi.InboundInterceptor;

/**
 * Verifies every message a subscription receives before it is decoded: a message without a
 * signature is rejected as {@value SecurityReasons#UNSIGNED}; a signature naming an unknown key, not
 * matching the message, or made with a key owned by another agent as
 * {@value SecurityReasons#SIGNATURE_INVALID}; a signed time further from now than the tolerance as
 * {@value SecurityReasons#SIGNATURE_EXPIRED}; the same (source, id) a second time for the same
 * subscription within the replay window as {@value SecurityReasons#REPLAYED}. Rejected messages are
 * dead-lettered with that reason and audited; accepted ones name their
 * {@link InboundContext#verifiedSender() verified sender} for the policies after it.
 *
 * <p>A broker's own redelivery (delivery attempt above 1) of a message is not a replay and is not
 * checked against the replay window; its signature and time are still checked.
 *
 * <p>Thread safe.
 *
 * @since 0.1.0
 */
public final class VerifyingInterceptor implements InboundInterceptor {

    private final SigningKeyResolver keys;

    private final Duration tolerance;

    private final ReplayGuard replays;

    private final Clock clock;

    private final AuditSink audit;

    /**
     * @param keys where verification keys come from
     * @param tolerance how far the signed time may be from now, either way
     * @param replayWindow how long (source, id) pairs are remembered; at least the tolerance to reject every replay
     * @param replayCapacity how many pairs are remembered at most
     * @param clock the clock the tolerance is checked against
     * @param audit where rejections are recorded
     */
    public VerifyingInterceptor(SigningKeyResolver keys, Duration tolerance, Duration replayWindow, int replayCapacity,
            Clock clock, AuditSink audit) {
        this.keys = keys;
        this.tolerance = tolerance;
        this.replays = new ReplayGuard(replayWindow, replayCapacity, System::nanoTime);
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public Envelope afterReceive(Envelope envelope, InboundContext context) {
        String signature = envelope.extension(AmbHeaders.EXT_SIGNATURE);
        if (signature == null) {
            throw reject(envelope, context, SecurityReasons.UNSIGNED, "carries no signature");
        }
        String keyId = EnvelopeSignatures.keyId(signature);
        if (keyId == null) {
            throw reject(envelope, context, SecurityReasons.SIGNATURE_INVALID, "has a malformed signature");
        }
        SigningKey key = keys.verificationKey(keyId);
        if (key == null) {
            throw reject(envelope, context, SecurityReasons.SIGNATURE_INVALID, "is signed with unknown key '" + keyId + "'");
        }
        if (!EnvelopeSignatures.verify(envelope, signature, key)) {
            throw reject(envelope, context, SecurityReasons.SIGNATURE_INVALID,
                    "does not match its signature with key '" + keyId + "' (altered after signing, or signed with another secret)");
        }
        if (key.owner() != null && !key.owner().equals(envelope.source())) {
            throw reject(envelope, context, SecurityReasons.SIGNATURE_INVALID, "claims source '" + envelope.source()
                    + "' but key '" + keyId + "' belongs to agent '" + key.owner() + "'");
        }
        Instant time = envelope.time();
        Instant now = clock.instant();
        if (time == null || Duration.between(time, now).abs().compareTo(tolerance) > 0) {
            throw reject(envelope, context, SecurityReasons.SIGNATURE_EXPIRED, "was signed at " + time
                    + ", more than " + tolerance + " from now (" + now + ", amb.security.signing.tolerance)");
        }
        if (context.deliveryAttempt() <= 1 && !replays.firstTime(context.subscriptionId() + '\u0000'
                + envelope.source() + '\u0000' + envelope.id())) {
            throw reject(envelope, context, SecurityReasons.REPLAYED, "was already received by this subscription");
        }
        context.verifiedSender(envelope.source());
        return envelope;
    }

    private EnvelopeRejectedException reject(Envelope envelope, InboundContext context, String reason, String what) {
        audit.record(new AuditRecord(clock.instant(), envelope.source() != null ? envelope.source() : "unknown",
                AuditRecord.REJECTED, envelope.topic(), envelope.id(), Map.of("reason", reason, "subscription",
                        context.subscriptionId())));
        return new EnvelopeRejectedException(reason, "Message " + envelope.id() + " on '" + envelope.topic()
                + "' from '" + envelope.source() + "' " + what);
    }

    @Override
    public int getOrder() {
        return SecurityOrder.VERIFY;
    }
}
