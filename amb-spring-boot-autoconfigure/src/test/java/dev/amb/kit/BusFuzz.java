package dev.amb.kit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.awaitility.core.ConditionFactory;
import org.slf4j.LoggerFactory;

import dev.amb.AmbHeaders;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitPayloads.Numbered;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bus fuzz scenario, shared by the memory-broker unit test (10,000 cases) and the kit's
 * {@link FuzzContract} on every real broker (fewer cases): hostile envelopes
 * ({@link FuzzInputs#envelope}) published straight through the broker SPI, past the bus's own
 * checks, to a subscription of the bus expecting {@link Numbered} payloads. A quarter of them carry
 * a valid payload. The scenario proves that every case the broker accepted is either handled
 * (valid ones with the payload that was sent) or dead-lettered with a reason, never both, none is
 * lost, and the subscription still handles a valid message afterwards.
 */
public final class BusFuzz {

    /**
     * What happened to the cases.
     * @param sent cases the broker accepted
     * @param refused cases the broker refused at publish (too large for it, for example)
     * @param handled cases the handler received
     * @param deadLettered cases that went to the dead-letter topic
     */
    public record Result(int sent, int refused, int handled, int deadLettered) {
    }

    /** Publishes in flight at once: enough to keep a network broker busy, few enough for a bounded queue. */
    private static final int IN_FLIGHT = 100;

    private BusFuzz() {
    }

    private static CompletableFuture<Void> publish(Broker broker, Envelope envelope) {
        try {
            return broker.publish(envelope);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex); // an adapter that refuses at once rather than in the future
        }
    }

    /**
     * Runs the scenario.
     * @param broker the broker the bus runs on
     * @param bus the bus under test (dead letters enabled on {@code deadLetterTopic})
     * @param topic the topic cases are published to
     * @param deadLetterTopic the bus's dead-letter topic
     * @param cases how many cases
     * @param seed the random seed (a failure names it)
     * @param await how long to wait for the outcome
     * @return the counts
     */
    public static Result run(Broker broker, DefaultMessageBus bus, String topic, String deadLetterTopic, int cases,
            long seed, ConditionFactory await) {
        // thousands of dead letters: one warning each would bury the build log
        Logger failureLog = (Logger) LoggerFactory.getLogger("dev.amb.core.FailureHandling");
        Level level = failureLog.getLevel();
        failureLog.setLevel(Level.ERROR);
        try {
            return fuzz(broker, bus, topic, deadLetterTopic, cases, seed, await);
        }
        finally {
            failureLog.setLevel(level);
        }
    }

    private static Result fuzz(Broker broker, DefaultMessageBus bus, String topic, String deadLetterTopic, int cases,
            long seed, ConditionFactory await) {
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        Map<String, String> deadLettered = new ConcurrentHashMap<>();
        Subscription subscription = bus.subscribe(SubscriptionOptions.pattern(topic).retries(0), Numbered.class,
                message -> handled.put(message.id(), message.data() != null ? message.data().sequence() : -1));
        BrokerSubscription deadLetters = broker.subscribe(SubscriptionSpec.of("fuzz-dead-letters", deadLetterTopic, null, 1),
                delivery -> {
                    Map<String, String> headers = delivery.envelope().headers();
                    deadLettered.put(String.valueOf(headers.get(AmbHeaders.DEAD_LETTER_ORIGINAL_ID)),
                            String.valueOf(headers.get(AmbHeaders.DEAD_LETTER_REASON)));
                    delivery.ack();
                });
        try {
            Random random = new Random(seed);
            List<String> sent = new ArrayList<>();
            Map<String, Integer> valid = new ConcurrentHashMap<>();
            Map<String, CompletableFuture<Void>> published = new LinkedHashMap<>();
            for (int i = 0; i < cases; i++) {
                String id = "case-" + i;
                Envelope envelope = FuzzInputs.envelope(random, topic).toBuilder().id(id).build();
                if (random.nextInt(4) == 0) {
                    envelope = envelope.toBuilder().contentType("application/json")
                        .data(("{\"publisher\":\"fuzz\",\"sequence\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                        .build();
                    valid.put(id, i);
                }
                published.put(id, publish(broker, envelope));
                if (published.size() % IN_FLIGHT == 0) {
                    published.values().forEach(future -> future.exceptionally(ex -> null).join());
                }
            }
            int refused = 0;
            for (Map.Entry<String, CompletableFuture<Void>> publish : published.entrySet()) {
                try {
                    publish.getValue().join();
                    sent.add(publish.getKey());
                }
                catch (CompletionException ex) {
                    assertThat(ex.getCause()).as("a refused publish says why (seed %d, %s)", seed, publish.getKey())
                        .hasMessageContaining(" ");
                    valid.remove(publish.getKey());
                    refused++;
                }
            }
            await.alias("every case handled or dead-lettered (seed " + seed + ")")
                .until(() -> handled.size() + deadLettered.size() >= sent.size());
            assertThat(handled.keySet()).as("handled and dead-lettered (seed %d)", seed).doesNotContainAnyElementsOf(
                    deadLettered.keySet());
            assertThat(sent).as("nothing lost (seed %d)", seed).allMatch(id -> handled.containsKey(id)
                    || deadLettered.containsKey(id));
            assertThat(deadLettered.values()).as("dead letters name a reason").allMatch(reason -> !reason.isBlank()
                    && !reason.equals("null"));
            valid.forEach((id, sequence) -> assertThat(handled.get(id)).as("valid case %s (seed %d)", id, seed)
                .isEqualTo(sequence));

            bus.publish(topic, new Numbered("after-fuzz", -42)).join();
            await.alias("the subscription still handles messages").until(() -> handled.containsValue(-42));
            assertThat(subscription.isActive()).isTrue();
            return new Result(sent.size(), refused, (int) handled.keySet().stream().filter(sent::contains).count(),
                    deadLettered.size());
        }
        finally {
            deadLetters.close();
            subscription.close();
        }
    }
}
