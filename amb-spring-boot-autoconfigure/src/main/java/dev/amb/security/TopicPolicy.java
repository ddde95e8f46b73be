package dev.amb.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.amb.spi.ReplyInboxes;
import dev.amb.topic.TopicPattern;

/**
 * Who may publish and subscribe where: {@link PolicyRule}s by topic pattern, and the roles of each
 * agent id. A topic no rule covers is open to everyone. Where rules cover a topic, an agent is
 * allowed when no rule denies it (explicitly, or by an allow list it is not on): deny wins. Reply
 * inboxes ({@code amb.inbox.*}) are always allowed. Immutable and thread safe.
 *
 * <p>A subscription pattern is refused when any topic it could receive is refused to the agent (the
 * pattern overlaps a rule that denies it), so a broad pattern such as {@code #} needs every
 * restricted topic to allow the agent.
 *
 * @since 0.1.0
 */
public final class TopicPolicy {

    private final List<Compiled> rules;

    private final Map<String, Set<String>> roles;

    /**
     * @param rules the rules
     * @param roles the roles of each agent id
     */
    public TopicPolicy(List<PolicyRule> rules, Map<String, ? extends Iterable<String>> roles) {
        this.rules = rules.stream().map(rule -> new Compiled(rule, TopicPattern.of(rule.pattern()))).toList();
        java.util.HashMap<String, Set<String>> copy = new java.util.HashMap<>();
        roles.forEach((agent, names) -> {
            java.util.Set<String> set = new java.util.HashSet<>();
            names.forEach(set::add);
            copy.put(agent, Set.copyOf(set));
        });
        this.roles = Map.copyOf(copy);
    }

    /** @return the rules, in the order given */
    public List<PolicyRule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }

    /**
     * @param agent the agent id
     * @param topic a concrete topic
     * @return the first rule that refuses the agent publishing to the topic, or {@code null} when it may
     */
    public PolicyRule deniedPublish(String agent, String topic) {
        if (topic.startsWith(ReplyInboxes.PREFIX)) {
            return null;
        }
        for (Compiled compiled : rules) {
            if (compiled.rule.operations().contains(PolicyRule.Operation.PUBLISH) && compiled.pattern.matches(topic)
                    && !permits(compiled.rule, agent)) {
                return compiled.rule;
            }
        }
        return null;
    }

    /**
     * @param agent the agent id
     * @param pattern a subscription pattern
     * @return the first rule that refuses the agent some topic the pattern covers, or {@code null}
     */
    public PolicyRule deniedSubscribe(String agent, String pattern) {
        if (pattern.startsWith(ReplyInboxes.PREFIX)) {
            return null;
        }
        String[] segments = TopicPattern.of(pattern).segments();
        for (Compiled compiled : rules) {
            if (compiled.rule.operations().contains(PolicyRule.Operation.SUBSCRIBE)
                    && PatternOverlap.overlaps(compiled.pattern.segments(), segments) && !permits(compiled.rule, agent)) {
                return compiled.rule;
            }
        }
        return null;
    }

    /**
     * @param topic a concrete topic
     * @return the rules covering the topic, in order
     */
    public List<PolicyRule> rulesFor(String topic) {
        return rules.stream().filter(compiled -> compiled.pattern.matches(topic)).map(Compiled::rule).toList();
    }

    private boolean permits(PolicyRule rule, String agent) {
        Set<String> agentRoles = agent != null ? roles.getOrDefault(agent, Set.of()) : Set.of();
        for (String principal : rule.deny()) {
            if (matches(principal, agent, agentRoles)) {
                return false;
            }
        }
        if (rule.allow().isEmpty()) {
            return true;
        }
        for (String principal : rule.allow()) {
            if (matches(principal, agent, agentRoles)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String principal, String agent, Set<String> agentRoles) {
        return "*".equals(principal) || principal.equals(agent) || agentRoles.contains(principal);
    }

    private record Compiled(PolicyRule rule, TopicPattern pattern) {
    }
}
