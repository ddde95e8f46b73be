package dev.amb.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.amb.TopicAccessDeniedException;
import dev.amb.spi.Envelope;
import dev.amb.spi.EnvelopeRejectedException;
import dev.amb.spi.InboundContext;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;

/**
 * Enforces a {@link TopicPolicy} at the three places a library can:
 * <ul>
 * <li>publishing (publishes and requests; replies and dead letters are always allowed): a refused
 * publish fails its future with {@link TopicAccessDeniedException} naming the rule; nothing is sent;</li>
 * <li>subscribing: {@code subscribe(...)} throws {@link TopicAccessDeniedException} when the
 * pattern could receive a topic the agent may not subscribe to;</li>
 * <li>receiving: a message whose sender may not publish on its topic is dead-lettered with reason
 * {@value SecurityReasons#ACCESS_DENIED}. The sender is the {@link InboundContext#verifiedSender()
 * verified sender} when signatures are verified; without verification it is the message's claimed
 * {@code source}, which anyone on the broker can forge.</li>
 * </ul>
 * Every refusal is audited. A library check is not a network boundary: see the README for the
 * matching broker ACLs. Thread safe.
 *
 * @since 0.1.0
 */
public final class PolicyInterceptor implements OutboundInterceptor, InboundInterceptor {

    private final TopicPolicy policy;

    private final String agentId;

    private final AuditSink audit;

    private final Clock clock;

    /**
     * @param policy the policy
     * @param agentId this agent's id, whose subscriptions are checked
     * @param audit where refusals are recorded
     * @param clock the clock of audit records
     */
    public PolicyInterceptor(TopicPolicy policy, String agentId, AuditSink audit, Clock clock) {
        this.policy = policy;
        this.agentId = agentId;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Envelope beforeSend(Envelope envelope, OutboundKind kind) {
        if (kind == OutboundKind.REPLY || kind == OutboundKind.DEAD_LETTER) {
            return envelope;
        }
        PolicyRule rule = policy.deniedPublish(envelope.source(), envelope.topic());
        if (rule != null) {
            audit.record(new AuditRecord(clock.instant(), envelope.source(), AuditRecord.DENIED, envelope.topic(),
                    envelope.id(), Map.of("operation", "publish", "rule", rule.pattern())));
            throw new TopicAccessDeniedException(envelope.topic(), "Agent '" + envelope.source()
                    + "' may not publish to '" + envelope.topic() + "': denied by policy rule '" + rule.pattern() + "'");
        }
        return envelope;
    }

    @Override
    public void beforeSubscribe(List<String> patterns, String group) {
        for (String pattern : patterns) {
            PolicyRule rule = policy.deniedSubscribe(agentId, pattern);
            if (rule != null) {
                audit.record(new AuditRecord(clock.instant(), agentId, AuditRecord.DENIED, pattern, null,
                        Map.of("operation", "subscribe", "rule", rule.pattern())));
                throw new TopicAccessDeniedException(pattern, "Agent '" + agentId + "' may not subscribe to '" + pattern
                        + "': it covers topics policy rule '" + rule.pattern() + "' denies it");
            }
        }
    }

    @Override
    public Envelope afterReceive(Envelope envelope, InboundContext context) {
        String sender = context.verifiedSender() != null ? context.verifiedSender() : envelope.source();
        PolicyRule rule = policy.deniedPublish(sender, envelope.topic());
        if (rule != null) {
            audit.record(new AuditRecord(clock.instant(), sender != null ? sender : "unknown", AuditRecord.REJECTED,
                    envelope.topic(), envelope.id(), Map.of("reason", SecurityReasons.ACCESS_DENIED, "rule",
                            rule.pattern(), "subscription", context.subscriptionId())));
            throw new EnvelopeRejectedException(SecurityReasons.ACCESS_DENIED, "Message " + envelope.id() + " on '"
                    + envelope.topic() + "': sender '" + sender + "' may not publish there (policy rule '"
                    + rule.pattern() + "')");
        }
        return envelope;
    }

    @Override
    public int getOrder() {
        return SecurityOrder.POLICY;
    }
}
