package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

import dev.amb.security.PolicyRule;
import dev.amb.security.SigningMode;

/**
 * Message security ({@code amb.security.*}): signing, topic policy, rate limits and audit.
 *
 * @since 0.1.0
 */
public class SecurityProperties {

    /** Signing and verification of every message. */
    @NestedConfigurationProperty
    private final Signing signing = new Signing();

    /** Who may publish and subscribe where, rate limits and audited topics. */
    @NestedConfigurationProperty
    private final Policy policy = new Policy();

    /** Audit records. */
    @NestedConfigurationProperty
    private final Audit audit = new Audit();

    public Signing getSigning() {
        return signing;
    }

    public Policy getPolicy() {
        return policy;
    }

    public Audit getAudit() {
        return audit;
    }

    /** {@code amb.security.signing.*}. Key secrets are never logged or returned by {@code toString()}. */
    public static class Signing {

        /**
         * off: neither sign nor verify; sign: sign every message sent; verify: sign every message
         * sent and dead-letter every received message that is unsigned, tampered, stale or replayed.
         */
        private SigningMode mode = SigningMode.OFF;

        /** The id of the key this agent signs with; one of the keys. */
        private String keyId;

        /**
         * Every key this agent verifies with, by key id: the HMAC-SHA256 secret, at least 32
         * bytes, as text or as {@code base64:<base64>}. During a rotation it holds the old and the
         * new key. Ignored when the application defines a SigningKeyResolver bean (keys from a vault).
         */
        private Map<String, String> keys = new LinkedHashMap<>();

        /**
         * Optionally, the only agent id allowed to sign with a key, by key id: a message signed
         * with that key but claiming another source is rejected as signature-invalid.
         */
        private Map<String, String> keyOwners = new LinkedHashMap<>();

        /** How far a message's signed time may be from the receiver's clock, either way. */
        private Duration tolerance = Duration.ofMinutes(5);

        /**
         * How long received (source, id) pairs are remembered to reject replays; at least the
         * tolerance, so that a replay is caught either here or by its time.
         */
        private Duration replayWindow = Duration.ofMinutes(5);

        /** The most (source, id) pairs remembered; the oldest are forgotten first beyond it. */
        private int replayCapacity = 100_000;

        public SigningMode getMode() {
            return mode;
        }

        public void setMode(SigningMode mode) {
            this.mode = mode;
        }

        public String getKeyId() {
            return keyId;
        }

        public void setKeyId(String keyId) {
            this.keyId = keyId;
        }

        public Map<String, String> getKeys() {
            return keys;
        }

        public void setKeys(Map<String, String> keys) {
            this.keys = keys;
        }

        public Map<String, String> getKeyOwners() {
            return keyOwners;
        }

        public void setKeyOwners(Map<String, String> keyOwners) {
            this.keyOwners = keyOwners;
        }

        public Duration getTolerance() {
            return tolerance;
        }

        public void setTolerance(Duration tolerance) {
            this.tolerance = tolerance;
        }

        public Duration getReplayWindow() {
            return replayWindow;
        }

        public void setReplayWindow(Duration replayWindow) {
            this.replayWindow = replayWindow;
        }

        public int getReplayCapacity() {
            return replayCapacity;
        }

        public void setReplayCapacity(int replayCapacity) {
            this.replayCapacity = replayCapacity;
        }

        @Override
        public String toString() {
            return "Signing[mode=" + mode + ", keyId=" + keyId + ", keys=" + keys.keySet() + "]";
        }
    }

    /** {@code amb.security.policy.*}. */
    public static class Policy {

        /** The roles of each agent id, for rules that allow or deny a role. */
        private Map<String, List<String>> roles = new LinkedHashMap<>();

        /** The rules, by topic pattern; a topic no rule covers is open to everyone. */
        private List<Rule> rules = new ArrayList<>();

        /**
         * How long a publish over a rate limit waits for a permit before it fails with
         * RateLimitExceededException; zero fails at once.
         */
        private Duration rateLimitWait = Duration.ZERO;

        public Map<String, List<String>> getRoles() {
            return roles;
        }

        public void setRoles(Map<String, List<String>> roles) {
            this.roles = roles;
        }

        public List<Rule> getRules() {
            return rules;
        }

        public void setRules(List<Rule> rules) {
            this.rules = rules;
        }

        public Duration getRateLimitWait() {
            return rateLimitWait;
        }

        public void setRateLimitWait(Duration rateLimitWait) {
            this.rateLimitWait = rateLimitWait;
        }
    }

    /** One {@code amb.security.policy.rules[n]} entry. */
    public static class Rule {

        /** The topic pattern the rule covers ({@code *} one segment, {@code #} any number). */
        private String topic;

        /** What the rule governs: publish, subscribe, or both (the default). */
        private Set<PolicyRule.Operation> operations = EnumSet.noneOf(PolicyRule.Operation.class);

        /** Principals allowed (agent ids, roles, or {@code *}); when set, everyone else is refused. */
        private List<String> allow = new ArrayList<>();

        /** Principals denied (agent ids, roles, or {@code *}); a deny always wins. */
        private List<String> deny = new ArrayList<>();

        /**
         * The most messages per sender, as {@code <count>/<period>}: {@code 100/minute},
         * {@code 10/second}, {@code 1000/hour} or {@code 50/30s}. Unset: no limit.
         */
        private String rateLimit;

        /** Whether every publish and delivery on these topics is audited. */
        private boolean audit;

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public Set<PolicyRule.Operation> getOperations() {
            return operations;
        }

        public void setOperations(Set<PolicyRule.Operation> operations) {
            this.operations = operations;
        }

        public List<String> getAllow() {
            return allow;
        }

        public void setAllow(List<String> allow) {
            this.allow = allow;
        }

        public List<String> getDeny() {
            return deny;
        }

        public void setDeny(List<String> deny) {
            this.deny = deny;
        }

        public String getRateLimit() {
            return rateLimit;
        }

        public void setRateLimit(String rateLimit) {
            this.rateLimit = rateLimit;
        }

        public boolean isAudit() {
            return audit;
        }

        public void setAudit(boolean audit) {
            this.audit = audit;
        }
    }

    /** {@code amb.security.audit.*}. */
    public static class Audit {

        /**
         * The topic audit records are also published to, for auditing agents; empty to publish
         * none (records still go to Spring Boot's AuditEventRepository when there is one).
         */
        private String topic = "amb.audit";

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }
    }
}
