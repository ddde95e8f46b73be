package dev.amb.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import dev.amb.RateLimitExceededException;
import dev.amb.spi.Envelope;
import dev.amb.spi.EnvelopeRejectedException;
import dev.amb.spi.InboundContext;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;

/**
 * The rate limits of a {@link TopicPolicy}'s rules ({@link PolicyRule#rateLimit()} messages per
 * {@link PolicyRule#ratePeriod()}), one Resilience4j {@link RateLimiter} per sender and rule.
 *
 * <p>Outbound (publishes and requests of this agent): a publish over the limit waits for a permit
 * up to {@code outboundWait} on the publishing thread, then fails its future with
 * {@link RateLimitExceededException} naming the rule; nothing is sent. Inbound: a message over its
 * sender's limit (per receiving subscription) is dead-lettered with reason
 * {@value SecurityReasons#RATE_LIMITED}, never waiting. The sender is the verified sender when
 * signatures are verified, the claimed {@code source} otherwise. Refusals are audited.
 *
 * <p>At most {@value #MAX_LIMITERS} limiters are kept; beyond that the table starts afresh (a
 * flood of distinct forged senders cannot exhaust memory). Thread safe.
 *
 * @since 0.1.0
 */
public final class RateLimitInterceptor implements OutboundInterceptor, InboundInterceptor {

    static final int MAX_LIMITERS = 10_000;

    private final TopicPolicy policy;

    private final Duration outboundWait;

    private final AuditSink audit;

    private final Clock clock;

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * @param policy the policy whose rules carry the limits
     * @param outboundWait how long a publish over the limit may wait for a permit (zero: fail at once)
     * @param audit where refusals are recorded
     * @param clock the clock of audit records
     */
    public RateLimitInterceptor(TopicPolicy policy, Duration outboundWait, AuditSink audit, Clock clock) {
        this.policy = policy;
        this.outboundWait = outboundWait;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Envelope beforeSend(Envelope envelope, OutboundKind kind) {
        if (kind != OutboundKind.PUBLISH && kind != OutboundKind.REQUEST) {
            return envelope;
        }
        for (PolicyRule rule : policy.rulesFor(envelope.topic())) {
            if (rule.rateLimit() > 0 && !limiter("out", envelope.source(), rule, outboundWait).acquirePermission()) {
                audit.record(new AuditRecord(clock.instant(), envelope.source(), AuditRecord.DENIED, envelope.topic(),
                        envelope.id(), Map.of("operation", "publish", "reason", SecurityReasons.RATE_LIMITED, "rule",
                                rule.pattern())));
                throw new RateLimitExceededException(envelope.topic(), "Agent '" + envelope.source() + "' went over the rate "
                        + "limit of policy rule '" + rule.pattern() + "' (" + rule.rateLimit() + " per " + rule.ratePeriod()
                        + ") publishing to '" + envelope.topic() + "'");
            }
        }
        return envelope;
    }

    @Override
    public Envelope afterReceive(Envelope envelope, InboundContext context) {
        String sender = context.verifiedSender() != null ? context.verifiedSender() : envelope.source();
        for (PolicyRule rule : policy.rulesFor(envelope.topic())) {
            if (rule.rateLimit() > 0 && !limiter("in:" + context.subscriptionId(), sender, rule, Duration.ZERO)
                .acquirePermission()) {
                audit.record(new AuditRecord(clock.instant(), sender != null ? sender : "unknown", AuditRecord.REJECTED,
                        envelope.topic(), envelope.id(), Map.of("reason", SecurityReasons.RATE_LIMITED, "rule",
                                rule.pattern(), "subscription", context.subscriptionId())));
                throw new EnvelopeRejectedException(SecurityReasons.RATE_LIMITED, "Message " + envelope.id() + " on '"
                        + envelope.topic() + "': sender '" + sender + "' went over the rate limit of policy rule '"
                        + rule.pattern() + "' (" + rule.rateLimit() + " per " + rule.ratePeriod() + ")");
            }
        }
        return envelope;
    }

    private RateLimiter limiter(String side, String sender, PolicyRule rule, Duration wait) {
        String name = side + '\u0000' + sender + '\u0000' + rule.pattern();
        RateLimiter limiter = limiters.get(name);
        if (limiter != null) {
            return limiter;
        }
        if (limiters.size() >= MAX_LIMITERS) {
            limiters.clear();
        }
        return limiters.computeIfAbsent(name, key -> RateLimiter.of(key, RateLimiterConfig.custom()
            .limitForPeriod(rule.rateLimit())
            .limitRefreshPeriod(rule.ratePeriod())
            .timeoutDuration(wait)
            .build()));
    }

    @Override
    public int getOrder() {
        return SecurityOrder.RATE_LIMIT;
    }
}
