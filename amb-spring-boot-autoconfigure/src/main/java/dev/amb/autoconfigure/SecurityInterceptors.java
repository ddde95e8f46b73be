package dev.amb.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.ClassUtils;

import dev.amb.security.AuditInterceptor;
import dev.amb.security.AuditSink;
import dev.amb.security.PolicyInterceptor;
import dev.amb.security.PolicyRule;
import dev.amb.security.RateLimitInterceptor;
import dev.amb.security.SigningInterceptor;
import dev.amb.security.SigningKey;
import dev.amb.security.SigningKeyResolver;
import dev.amb.security.SigningMode;
import dev.amb.security.StaticSigningKeyResolver;
import dev.amb.security.TopicPolicy;
import dev.amb.security.VerifyingInterceptor;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;

/**
 * Builds AMB's own interceptors from {@code amb.security.*}: signing and verification per the
 * signing mode, the policy, rate-limit and audit interceptors when rules are configured. Bad
 * settings fail start-up naming the property.
 */
final class SecurityInterceptors {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\S+)\\s*");

    private static final boolean RATE_LIMITER_PRESENT = ClassUtils
        .isPresent("io.github.resilience4j.ratelimiter.RateLimiter", SecurityInterceptors.class.getClassLoader());

    final List<OutboundInterceptor> outbound = new ArrayList<>();

    final List<InboundInterceptor> inbound = new ArrayList<>();

    SecurityInterceptors(SecurityProperties properties, String agentId, SigningKeyResolver customResolver,
            AuditSink audit, Clock clock) {
        SecurityProperties.Signing signing = properties.getSigning();
        if (signing.getMode() != SigningMode.OFF) {
            SigningKeyResolver keys = customResolver != null ? customResolver : resolver(signing);
            outbound.add(new SigningInterceptor(keys));
            if (signing.getMode() == SigningMode.VERIFY) {
                inbound.add(new VerifyingInterceptor(keys, signing.getTolerance(), signing.getReplayWindow(),
                        signing.getReplayCapacity(), clock, audit));
            }
        }
        List<PolicyRule> rules = rules(properties.getPolicy());
        if (rules.isEmpty()) {
            return;
        }
        TopicPolicy policy = new TopicPolicy(rules, properties.getPolicy().getRoles());
        PolicyInterceptor access = new PolicyInterceptor(policy, agentId, audit, clock);
        AuditInterceptor auditing = new AuditInterceptor(policy, audit, clock);
        outbound.add(access);
        inbound.add(access);
        outbound.add(auditing);
        inbound.add(auditing);
        if (rules.stream().anyMatch(rule -> rule.rateLimit() > 0)) {
            if (!RATE_LIMITER_PRESENT) {
                throw new InvalidAmbPropertyException("amb.security.policy.rules[].rate-limit", "set", null,
                        "rate limits use Resilience4j's RateLimiter", "add io.github.resilience4j:resilience4j-ratelimiter");
            }
            RateLimitInterceptor limits = new RateLimitInterceptor(policy, properties.getPolicy().getRateLimitWait(), audit,
                    clock);
            outbound.add(limits);
            inbound.add(limits);
        }
    }

    private static SigningKeyResolver resolver(SecurityProperties.Signing signing) {
        if (signing.getKeys().isEmpty() || signing.getKeyId() == null) {
            throw new InvalidAmbPropertyException("amb.security.signing.key-id", signing.getKeyId(), null,
                    "signing mode " + signing.getMode().name().toLowerCase(Locale.ROOT)
                            + " needs amb.security.signing.key-id and amb.security.signing.keys (or a SigningKeyResolver bean)",
                    "one of amb.security.signing.keys");
        }
        Map<String, SigningKey> keys = new LinkedHashMap<>();
        signing.getKeys().forEach((id, secret) -> {
            try {
                keys.put(id, new SigningKey(id, secret(secret), signing.getKeyOwners().get(id)));
            }
            catch (IllegalArgumentException ex) {
                // the message names the key id and the problem, never the secret
                throw new InvalidAmbPropertyException("amb.security.signing.keys." + id, "******", null, ex.getMessage(),
                        "at least " + SigningKey.MIN_SECRET_BYTES + " bytes, as text or base64:<base64>");
            }
        });
        try {
            return new StaticSigningKeyResolver(signing.getKeyId(), keys);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidAmbPropertyException("amb.security.signing.key-id", signing.getKeyId(), null,
                    "it must name one of amb.security.signing.keys", String.join(", ", keys.keySet()));
        }
    }

    private static byte[] secret(String value) {
        if (value.startsWith("base64:")) {
            return Base64.getDecoder().decode(value.substring("base64:".length()).trim());
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static List<PolicyRule> rules(SecurityProperties.Policy policy) {
        List<PolicyRule> rules = new ArrayList<>();
        List<SecurityProperties.Rule> configured = policy.getRules();
        for (int i = 0; i < configured.size(); i++) {
            SecurityProperties.Rule rule = configured.get(i);
            String property = "amb.security.policy.rules[" + i + "]";
            int limit = 0;
            Duration period = null;
            if (rule.getRateLimit() != null && !rule.getRateLimit().isBlank()) {
                Matcher rate = RATE.matcher(rule.getRateLimit());
                period = rate.matches() ? period(rate.group(2)) : null;
                if (period == null || Integer.parseInt(rate.group(1)) < 1) {
                    throw new InvalidAmbPropertyException(property + ".rate-limit", rule.getRateLimit(), null,
                            "a rate limit is <count>/<period>", "100/minute, 10/second, 1000/hour, 50/30s");
                }
                limit = Integer.parseInt(rate.group(1));
            }
            try {
                rules.add(new PolicyRule(rule.getTopic(), rule.getOperations(), rule.getAllow(), rule.getDeny(), limit,
                        period, rule.isAudit()));
            }
            catch (IllegalArgumentException | NullPointerException ex) {
                throw new InvalidAmbPropertyException(property + ".topic", rule.getTopic(), null, String.valueOf(
                        ex.getMessage()), "a topic pattern such as agents.*.commands");
            }
        }
        return rules;
    }

    private static Duration period(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "second", "s":
                return Duration.ofSeconds(1);
            case "minute", "min", "m":
                return Duration.ofMinutes(1);
            case "hour", "h":
                return Duration.ofHours(1);
            default:
                try {
                    Duration parsed = DurationStyle.detectAndParse(unit);
                    return parsed.isZero() || parsed.isNegative() ? null : parsed;
                }
                catch (IllegalArgumentException ex) {
                    return null;
                }
        }
    }
}
