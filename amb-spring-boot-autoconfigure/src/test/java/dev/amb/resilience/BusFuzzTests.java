package dev.amb.resilience;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.BusFuzz;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bus fuzz scenario ({@link BusFuzz}) on the memory broker with 10,000 hostile envelopes: every
 * one is handled correctly or dead-lettered with a reason, none is lost, the subscription survives.
 */
class BusFuzzTests {

    private final MemoryBroker broker = new MemoryBroker();

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("fuzz-agent")
        .serializer(new JsonMessageSerializer())
        .retryPolicy(new Resilience4jRetryPolicy(new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1), 2.0,
                0.0, List.of(), List.of())))
        .deadLetters(new DeadLetterSettings(true, "fuzz.dead", Duration.ofMillis(10)))
        .build();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    @Test
    void tenThousandHostileMessagesAreEachHandledOrDeadLetteredAndNothingIsLost() {
        BusFuzz.Result result = BusFuzz.run(broker, bus, "fuzz.in", "fuzz.dead", 10_000, 20261206L,
                Awaitility.await().atMost(Duration.ofSeconds(60)));

        assertThat(result.refused()).as("the memory broker takes every envelope").isZero();
        assertThat(result.handled() + result.deadLettered()).isEqualTo(10_000);
        assertThat(result.handled()).as("the valid quarter at least").isGreaterThanOrEqualTo(2_000);
        assertThat(result.deadLettered()).isPositive();
        assertThat(bus.counters().undecodable()).isEqualTo(result.deadLettered());
    }
}
