package dev.amb.kit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.amb.AmbHeaders;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.security.AuditSink;
import dev.amb.security.PolicyInterceptor;
import dev.amb.security.PolicyRule;
import dev.amb.security.RateLimitInterceptor;
import dev.amb.security.SecurityReasons;
import dev.amb.security.TopicPolicy;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic policies and inbound rate limits on every broker: a message whose sender may not publish on
 * its topic, written straight to the broker, is dead-lettered as {@code access-denied} and never
 * handled, while an allowed sender's message is; messages over a sender's inbound limit are
 * dead-lettered as {@code rate-limited}, exactly the excess. The checks run in the bus, after the
 * broker's own decoding, so every wire format must carry the sender and topic they read.
 */
public interface AccessPolicyContract extends KitContract {

    @Test
    default void messagesFromASenderNotAllowedOnTheTopicAreDeadLetteredAndNeverHandled() {
        String commands = kit().topic("agents.*.commands");
        TopicPolicy policy = new TopicPolicy(List.of(new PolicyRule(commands, Set.of(), List.of("supervisor"),
                List.of("guest"), 0, null, false)), Map.of("boss", List.of("supervisor"), "intruder", List.of("guest")));
        DefaultMessageBus boss = agent("boss", policy);
        Recorder<Object> deadLetters = new Recorder<>();
        kit().bus("dead-letter-watcher").subscribe(kit().deadLetterTopic(), Object.class, deadLetters);
        Recorder<String> handled = new Recorder<>();
        boss.subscribe(commands, String.class, handled);
        String topic = kit().topic("agents.w1.commands");

        for (String sender : List.of("intruder", "intruder", "worker", "worker", "nobody")) {
            kit().broker().publish(Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).source(sender)
                .time(Instant.now()).contentType("application/json")
                .data("\"stop\"".getBytes(StandardCharsets.UTF_8)).build()).join();
        }
        boss.publish(topic, "go").join();

        kit().await().until(() -> deadLetters.count() >= 5 && handled.count() >= 1);
        kit().await().during(Duration.ofMillis(300)).until(() -> deadLetters.count() == 5 && handled.count() == 1);
        assertThat(deadLetters.messages()).allSatisfy(message -> assertThat(message.headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, SecurityReasons.ACCESS_DENIED));
        assertThat(handled.payloads()).containsExactly("go");
        assertThat(handled.messages().get(0).sender()).isEqualTo("boss");
    }

    @Test
    default void messagesOverASendersInboundLimitAreDeadLetteredAsRateLimited() {
        String status = kit().topic("agents.*.status");
        TopicPolicy limited = new TopicPolicy(List.of(new PolicyRule(status, Set.of(PolicyRule.Operation.PUBLISH),
                List.of("*"), List.of(), 10, Duration.ofMinutes(10), false)), Map.of());
        DefaultMessageBus sender = kit().bus("chatty");
        DefaultMessageBus receiver = agent("listener", limited);
        Recorder<Object> deadLetters = new Recorder<>();
        kit().bus("dead-letter-watcher").subscribe(kit().deadLetterTopic(), Object.class, deadLetters);
        Recorder<Integer> handled = new Recorder<>();
        receiver.subscribe(status, Integer.class, handled);

        for (int i = 0; i < 30; i++) {
            sender.publish(kit().topic("agents.chatty.status"), i).join();
        }

        kit().await().until(() -> deadLetters.count() >= 20 && handled.count() >= 10);
        kit().await().during(Duration.ofMillis(300)).until(() -> deadLetters.count() == 20 && handled.count() == 10);
        assertThat(deadLetters.messages()).allSatisfy(message -> assertThat(message.headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, SecurityReasons.RATE_LIMITED));
    }

    /** An agent whose bus enforces the policy and its inbound rate limits. */
    private DefaultMessageBus agent(String id, TopicPolicy policy) {
        AuditSink audit = record -> {
        };
        PolicyInterceptor access = new PolicyInterceptor(policy, id, audit, Clock.systemUTC());
        RateLimitInterceptor limits = new RateLimitInterceptor(policy, Duration.ZERO, audit, Clock.systemUTC());
        return kit().bus(id, builder -> builder.outboundInterceptors(List.of(access, limits))
            .inboundInterceptors(List.of(access, limits)));
    }
}
