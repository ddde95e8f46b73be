package dev.amb.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.RateLimitExceededException;
import dev.amb.TopicAccessDeniedException;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityInterceptorsTests {

    private static final Clock CLOCK = Clock.systemUTC();

    private final MemoryBroker broker = new MemoryBroker();

    private final List<AuditRecord> audited = new CopyOnWriteArrayList<>();

    private final List<DefaultMessageBus> buses = new ArrayList<>();

    private final TopicPolicy policy = new TopicPolicy(List.of(
            new PolicyRule("agents.*.commands", Set.of(), List.of("admin", "supervisor"), List.of("guest"), 0, null, false),
            new PolicyRule("agents.*.status", Set.of(PolicyRule.Operation.PUBLISH), List.of("*"), List.of(), 10,
                    Duration.ofMinutes(1), false),
            new PolicyRule("system.#", Set.of(), List.of("system"), List.of(), 0, null, true)),
            Map.of("boss", List.of("supervisor"), "intruder", List.of("guest", "admin")));

    @AfterEach
    void close() {
        buses.forEach(DefaultMessageBus::close);
        broker.close();
    }

    private DefaultMessageBus agent(String id, TopicPolicy policy, Duration wait) {
        AuditSink audit = audited::add;
        PolicyInterceptor access = new PolicyInterceptor(policy, id, audit, CLOCK);
        RateLimitInterceptor limits = new RateLimitInterceptor(policy, wait, audit, CLOCK);
        AuditInterceptor auditing = new AuditInterceptor(policy, audit, CLOCK);
        DefaultMessageBus bus = DefaultMessageBus.builder(broker)
            .agentId(id)
            .serializer(new JsonMessageSerializer())
            .deadLetters(new DeadLetterSettings(true, "amb.dead-letter", Duration.ofMillis(50)))
            .outboundInterceptors(List.of(access, limits, auditing))
            .inboundInterceptors(List.of(access, limits, auditing))
            .build();
        buses.add(bus);
        return bus;
    }

    private List<Envelope> raw(String pattern) {
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("raw-" + pattern, List.of(pattern), null, 1), delivery -> {
            seen.add(delivery.envelope());
            delivery.ack();
        });
        return seen;
    }

    @Test
    void everyUnauthorizedPublishFailsItsFutureNamingTheRuleAndNothingIsSent() {
        List<Envelope> seen = raw("agents.#");
        DefaultMessageBus worker = agent("worker", policy, Duration.ZERO);
        DefaultMessageBus intruder = agent("intruder", policy, Duration.ZERO);
        DefaultMessageBus boss = agent("boss", policy, Duration.ZERO);

        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> worker.publish("agents.w1.commands", "stop").join())
                .hasCauseInstanceOf(TopicAccessDeniedException.class)
                .hasMessageContaining("policy rule 'agents.*.commands'");
            assertThatThrownBy(() -> intruder.publish("agents.w1.commands", "stop").join())
                .hasCauseInstanceOf(TopicAccessDeniedException.class);
        }
        boss.publish("agents.w1.commands", "stop").join();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        assertThat(seen.get(0).source()).isEqualTo("boss");
        assertThat(audited).filteredOn(record -> record.type().equals(AuditRecord.DENIED)).hasSize(100);
    }

    @Test
    void subscribingToAPatternThatCoversADeniedTopicFails() {
        DefaultMessageBus worker = agent("worker", policy, Duration.ZERO);
        DefaultMessageBus boss = agent("boss", policy, Duration.ZERO);

        for (String pattern : List.of("agents.w1.commands", "agents.*.commands", "agents.#", "#", "*.*.commands")) {
            assertThatThrownBy(() -> worker.subscribe(pattern, String.class, message -> {
            })).isInstanceOf(TopicAccessDeniedException.class).hasMessageContaining("'" + pattern + "'");
        }
        assertThat(worker.subscriptions()).isEmpty();
        worker.subscribe("agents.w1.status", String.class, message -> {
        });
        worker.subscribe("agents.*.status", String.class, message -> {
        });
        boss.subscribe("agents.#", String.class, message -> {
        });
        assertThat(worker.subscriptions()).hasSize(2);
    }

    @Test
    void aMessageFromASenderNotAllowedToPublishIsDeadLetteredAsAccessDenied() {
        DefaultMessageBus boss = agent("boss", policy, Duration.ZERO);
        List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();
        agent("watcher", new TopicPolicy(List.of(), Map.of()), Duration.ZERO).subscribe("amb.dead-letter", Object.class,
                deadLetters::add);
        List<Message<String>> handled = new CopyOnWriteArrayList<>();
        boss.subscribe("agents.*.commands", String.class, handled::add);

        for (int i = 0; i < 20; i++) {
            broker.publish(Envelope.builder().id("forged-" + i).topic("agents.w1.commands").source("worker")
                .time(Instant.now()).contentType("application/json").data("\"stop\"".getBytes()).build()).join();
        }
        boss.publish("agents.w1.commands", "go").join();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.size() == 20 && handled.size() == 1);
        assertThat(deadLetters).allSatisfy(message -> assertThat(message.headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, SecurityReasons.ACCESS_DENIED));
        assertThat(handled.get(0).data()).isEqualTo("go");
    }

    /**
     * Publishes as fast as it can for twelve refresh periods and counts, per period, what was
     * accepted. Only periods in which a publish was refused are counted (their permits were used
     * up), so a publishing thread the machine stalls for a whole period cannot skew the figure.
     */
    @Test
    void theOutboundRateLimitHoldsWithinFivePercent() {
        int limit = 20;
        Duration period = Duration.ofMillis(250);
        int periods = 12;
        TopicPolicy limited = new TopicPolicy(List.of(new PolicyRule("metrics.#", Set.of(), List.of(), List.of(), limit,
                period, false)), Map.of());
        DefaultMessageBus bus = agent("fast", limited, Duration.ZERO);
        bus.publish("warm-up", 0).join();
        int[] accepted = new int[periods + 1];
        int[] refused = new int[periods + 1];
        // the limiter is created by the first limited publish, so its periods start (within microseconds) here
        long start = System.nanoTime();
        for (int cycle = 0; cycle < periods; cycle = (int) ((System.nanoTime() - start) / period.toNanos())) {
            CompletableFuture<Void> publish = bus.publish("metrics.cpu", cycle);
            int now = (int) Math.min(periods, (System.nanoTime() - start) / period.toNanos());
            if (publish.isCompletedExceptionally()) {
                assertThatThrownBy(publish::join).hasCauseInstanceOf(RateLimitExceededException.class);
                refused[now]++;
            }
            else {
                accepted[now]++;
            }
        }

        int saturated = 0;
        int acceptedInSaturated = 0;
        for (int cycle = 0; cycle < periods; cycle++) {
            if (refused[cycle] > 0) {
                saturated++;
                acceptedInSaturated += accepted[cycle];
            }
        }
        assertThat(saturated).isPositive();
        assertThat(acceptedInSaturated).isBetween((int) Math.floor(limit * saturated * 0.95),
                (int) Math.ceil(limit * saturated * 1.05));
    }

    @Test
    void messagesOverASendersInboundLimitAreDeadLetteredAsRateLimited() {
        DefaultMessageBus sender = agent("chatty", new TopicPolicy(List.of(), Map.of()), Duration.ZERO);
        DefaultMessageBus receiver = agent("listener", policy, Duration.ZERO);
        List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();
        sender.subscribe("amb.dead-letter", Object.class, deadLetters::add);
        List<Message<Integer>> handled = new CopyOnWriteArrayList<>();
        receiver.subscribe("agents.*.status", Integer.class, handled::add);

        for (int i = 0; i < 30; i++) {
            sender.publish("agents.chatty.status", i).join();
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.size() == 20);
        assertThat(handled).hasSize(10);
        assertThat(deadLetters).allSatisfy(message -> assertThat(message.headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, SecurityReasons.RATE_LIMITED));
    }

    @Test
    void auditedTopicsRecordEveryPublishAndDelivery() {
        TopicPolicy open = new TopicPolicy(List.of(new PolicyRule("system.#", Set.of(), List.of(), List.of(), 0, null,
                true)), Map.of());
        DefaultMessageBus bus = agent("system-agent", open, Duration.ZERO);
        List<Message<String>> handled = new CopyOnWriteArrayList<>();
        bus.subscribe("system.#", String.class, handled::add);
        bus.subscribe("other", String.class, handled::add);

        for (int i = 0; i < 5; i++) {
            bus.publish("system.reboot", "now").join();
            bus.publish("other", "x").join();
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 10);
        assertThat(audited).filteredOn(record -> record.type().equals(AuditRecord.PUBLISHED)).hasSize(5)
            .allMatch(record -> record.topic().equals("system.reboot") && record.principal().equals("system-agent"));
        assertThat(audited).filteredOn(record -> record.type().equals(AuditRecord.DELIVERED)).hasSize(5);
    }

    @Test
    void patternOverlapIsExact() {
        assertThat(overlaps("a.*.c", "a.#")).isTrue();
        assertThat(overlaps("a.*.c", "#")).isTrue();
        assertThat(overlaps("a.*.c", "a.b")).isFalse();
        assertThat(overlaps("a.#.c", "a.x.y.c")).isTrue();
        assertThat(overlaps("a.#.c", "a.x.y.d")).isFalse();
        assertThat(overlaps("#.c", "a.#")).isTrue();
        assertThat(overlaps("a.b", "a.b.#")).isTrue();
        assertThat(overlaps("a.b", "*.c")).isFalse();
    }

    private static boolean overlaps(String a, String b) {
        return PatternOverlap.overlaps(a.split("\\."), b.split("\\."));
    }
}
