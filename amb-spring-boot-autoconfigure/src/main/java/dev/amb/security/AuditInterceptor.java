package dev.amb.security;

import java.time.Clock;
import java.util.Map;

import dev.amb.spi.Envelope;
import dev.amb.spi.InboundContext;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;

/**
 * Records an {@link AuditRecord} for every publish ({@link AuditRecord#PUBLISHED}) and every
 * delivery ({@link AuditRecord#DELIVERED}, after verification and policy passed) on the topics a
 * {@link TopicPolicy} rule marks {@code audit}. Replies and dead letters are not audited as
 * publishes. Thread safe.
 *
 * @since 0.1.0
 */
public final class AuditInterceptor implements OutboundInterceptor, InboundInterceptor {

    private final TopicPolicy policy;

    private final AuditSink audit;

    private final Clock clock;

    /**
     * @param policy the policy whose rules say which topics are audited
     * @param audit where records go
     * @param clock the clock of the records
     */
    public AuditInterceptor(TopicPolicy policy, AuditSink audit, Clock clock) {
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Envelope beforeSend(Envelope envelope, OutboundKind kind) {
        if ((kind == OutboundKind.PUBLISH || kind == OutboundKind.REQUEST) && audited(envelope.topic())) {
            audit.record(new AuditRecord(clock.instant(), envelope.source(), AuditRecord.PUBLISHED, envelope.topic(),
                    envelope.id(), Map.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT))));
        }
        return envelope;
    }

    @Override
    public Envelope afterReceive(Envelope envelope, InboundContext context) {
        if (audited(envelope.topic())) {
            String sender = context.verifiedSender() != null ? context.verifiedSender() : envelope.source();
            audit.record(new AuditRecord(clock.instant(), sender != null ? sender : "unknown", AuditRecord.DELIVERED,
                    envelope.topic(), envelope.id(), Map.of("subscription", context.subscriptionId(), "verified",
                            String.valueOf(context.verifiedSender() != null))));
        }
        return envelope;
    }

    private boolean audited(String topic) {
        for (PolicyRule rule : policy.rulesFor(topic)) {
            if (rule.audit()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return SecurityOrder.AUDIT;
    }
}
