package dev.amb.kit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.amb.AckMode;
import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitPayloads.Task;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.spi.Breaker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure handling on every broker: retries with increasing attempt numbers, dead letters (on
 * exhaustion, on undecodable bytes, for non-retryable errors, on request) carrying the original
 * payload and headers, MANUAL ack / reject with delay / dead letter, BATCH, circuit breakers that
 * pause and resume a listener, and retries that never hold up other subscriptions. The kit's buses
 * retry 3 times after 20, 40 and 80 ms ({@link KitContext#RETRIES}) and dead-letter to
 * {@link KitContext#deadLetterTopic()}.
 */
public interface ReliabilityContract extends KitContract {

    @Test
    default void failingHandlerIsRetriedWithIncreasingAttemptNumbers() {
        DefaultMessageBus bus = kit().bus("retrying-agent");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        Recorder<Object> deadLetters = deadLetters(bus);
        bus.subscribe(kit().topic("flaky"), String.class, message -> {
            attempts.add(message.deliveryAttempt());
            if (message.deliveryAttempt() < 3) {
                throw new IllegalStateException("not yet");
            }
        });

        bus.publish(kit().topic("flaky"), "job").join();

        kit().await().until(() -> attempts.size() == 3);
        assertThat(attempts).containsExactly(1, 2, 3);
        kit().await().until(() -> bus.counters().handled() == 1);
        kit().await().during(Duration.ofMillis(200)).until(() -> deadLetters.count() == 0 && attempts.size() == 3);
    }

    @Test
    default void exhaustedRetriesDeadLetterTheOriginalWithHeaders() {
        DefaultMessageBus bus = kit().bus("doomed-agent");
        Recorder<Task> deadLetters = new Recorder<>();
        bus.subscribe(kit().deadLetterTopic(), Task.class, deadLetters);
        AtomicInteger attempts = new AtomicInteger();
        bus.subscribe(SubscriptionOptions.pattern(kit().topic("doomed")).group("crew").id("doomed-listener"), Task.class,
                message -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("boom on " + message.data().id());
                });
        Task task = new Task("t-1", 5, List.of("a"), Instant.parse("2026-11-21T10:00:00Z"));
        Instant before = Instant.now();

        bus.publish(kit().topic("doomed"), task, Map.of("trace", "abc")).join();

        kit().await().until(() -> deadLetters.count() == 1);
        Message<Task> deadLetter = deadLetters.messages().get(0);
        assertThat(deadLetter.data()).isEqualTo(task);
        assertThat(attempts.get()).isEqualTo(4);
        Map<String, String> headers = deadLetter.headers();
        assertThat(headers).containsEntry("trace", "abc")
            .containsEntry(AmbHeaders.DEAD_LETTER_TOPIC, kit().topic("doomed"))
            .containsEntry(AmbHeaders.DEAD_LETTER_SUBSCRIPTION, "doomed-listener")
            .containsEntry(AmbHeaders.DEAD_LETTER_GROUP, "crew")
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, "retries-exhausted")
            .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_CLASS, IllegalStateException.class.getName())
            .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE, "boom on t-1")
            .containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "4")
            .containsKey(AmbHeaders.DEAD_LETTER_ORIGINAL_ID);
        assertThat(Instant.parse(headers.get(AmbHeaders.DEAD_LETTER_TIME))).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(deadLetter.sender()).isEqualTo("doomed-agent");
        kit().await().until(() -> bus.counters().deadLettered() == 1);
    }

    @Test
    default void nonRetryableErrorIsDeadLetteredAfterOneAttempt() {
        DefaultMessageBus bus = kit().bus("strict-agent");
        Recorder<Object> deadLetters = deadLetters(bus);
        AtomicInteger attempts = new AtomicInteger();
        bus.subscribe(kit().topic("invalid"), String.class, message -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad input");
        });

        bus.publish(kit().topic("invalid"), "x").join();

        kit().await().until(() -> deadLetters.count() == 1);
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(deadLetters.messages().get(0).headers()).containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "1");
    }

    @Test
    default void undecodableBytesAreDeadLetteredAsTheyArrived() {
        DefaultMessageBus bus = kit().bus("typed-agent");
        Recorder<Object> deadLetters = deadLetters(bus);
        Recorder<Integer> numbers = new Recorder<>();
        bus.subscribe(kit().topic("numbers"), Integer.class, numbers);

        bus.publish(kit().topic("numbers"), "not a number").join();
        bus.publish(kit().topic("numbers"), 42).join();

        kit().await().until(() -> deadLetters.count() == 1 && numbers.count() == 1);
        Message<Object> deadLetter = deadLetters.messages().get(0);
        assertThat(deadLetter.data()).isEqualTo("not a number");
        assertThat(deadLetter.headers()).containsEntry(AmbHeaders.DEAD_LETTER_REASON, "undecodable")
            .containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "1");
        assertThat(numbers.payloads()).containsExactly(42);
    }

    @Test
    default void manualAckRejectWithDelayAndDeadLetterSettleAsAsked() {
        DefaultMessageBus bus = kit().bus("manual-agent");
        Recorder<Object> deadLetters = deadLetters(bus);
        List<String> acked = new CopyOnWriteArrayList<>();
        List<Integer> requeuedAttempts = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern(kit().topic("manual")).ackMode(AckMode.MANUAL), String.class, message -> {
            switch (message.data()) {
                case "ack" -> {
                    acked.add(message.data());
                    message.ack();
                }
                case "requeue" -> {
                    requeuedAttempts.add(message.deliveryAttempt());
                    if (message.deliveryAttempt() == 1) {
                        message.reject(true, Duration.ofMillis(100));
                    }
                    else {
                        message.ack();
                    }
                }
                case "reject" -> message.reject(false, Duration.ZERO);
                default -> message.deadLetter("not for us");
            }
        });

        for (String kind : List.of("ack", "requeue", "reject", "other")) {
            bus.publish(kit().topic("manual"), kind).join();
        }

        kit().await().until(() -> requeuedAttempts.size() == 2 && deadLetters.count() == 2);
        assertThat(acked).containsExactly("ack");
        assertThat(requeuedAttempts).containsExactly(1, 2);
        assertThat(deadLetters.messages()).extracting(m -> m.headers().get(AmbHeaders.DEAD_LETTER_REASON))
            .containsExactlyInAnyOrder("rejected", "not for us");
    }

    @Test
    default void manualHandlerMaySettleLaterAndUnsettledMessagesAreBounded() {
        DefaultMessageBus bus = kit().bus("async-ack-agent");
        List<Message<Integer>> held = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern(kit().topic("held")).ackMode(AckMode.MANUAL).maxUnacked(2),
                Integer.class, held::add);

        for (int i = 0; i < 4; i++) {
            bus.publish(kit().topic("held"), i).join();
        }

        kit().await().until(() -> held.size() == 2);
        kit().await().during(Duration.ofMillis(300)).until(() -> held.size() == 2);
        held.get(0).ack();
        kit().await().until(() -> held.size() == 3);
        held.get(1).ack();
        held.get(2).ack();
        kit().await().until(() -> held.size() == 4);
        held.get(3).ack();
    }

    @Test
    default void batchesAreAcknowledgedTogetherAndAFailingBatchIsDeadLetteredMessageByMessage() {
        DefaultMessageBus bus = kit().bus("batch-agent");
        Recorder<Object> deadLetters = deadLetters(bus);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        List<List<Integer>> failedBatchAttempts = new CopyOnWriteArrayList<>();
        bus.subscribeBatch(SubscriptionOptions.pattern(kit().topic("batch")).ackMode(AckMode.BATCH).batchSize(10)
            .batchTimeout(Duration.ofMillis(200)), Integer.class, batch -> {
                batchSizes.add(batch.size());
                if (batch.stream().anyMatch(m -> m.data() < 0)) {
                    failedBatchAttempts.add(batch.stream().map(m -> m.deliveryAttempt()).toList());
                    throw new IllegalStateException("poisoned batch");
                }
                batch.forEach(m -> handled.add(m.data()));
            });

        for (int i = 0; i < 25; i++) {
            bus.publish(kit().topic("batch"), i).join();
        }
        kit().await().until(() -> handled.size() == 25);
        for (int i = 0; i < 3; i++) {
            bus.publish(kit().topic("batch"), i == 1 ? -1 : 100 + i).join();
        }

        kit().await().until(() -> deadLetters.count() == 3);
        assertThat(batchSizes).allMatch(size -> size <= 10);
        assertThat(failedBatchAttempts).as("delivery attempts of each failed batch's messages")
            .hasSize(4)
            .satisfies(attempts -> {
                for (int attempt = 1; attempt <= 4; attempt++) {
                    assertThat(attempts.get(attempt - 1)).as("attempt %d", attempt).containsOnly(attempt);
                }
            });
        assertThat(deadLetters.messages()).allSatisfy(m -> assertThat(m.headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "4")
            .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE, "poisoned batch"));
    }

    @Test
    default void openCircuitBreakerPausesTheListenerAndHalfOpenTrialsResumeIt() {
        DefaultMessageBus bus = kit().bus("guarded-agent");
        String breaker = kit().namespace() + "-external-api";
        AtomicBoolean dependencyDown = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern(kit().topic("guarded")).retries(0).circuitBreaker(breaker),
                String.class, message -> {
                    calls.incrementAndGet();
                    if (dependencyDown.get()) {
                        throw new IllegalStateException("dependency down");
                    }
                    handled.add(message.data());
                });

        for (int i = 0; i < 3; i++) {
            bus.publish(kit().topic("guarded"), "fail-" + i).join();
        }
        kit().await().until(() -> hasTransition(breaker, Breaker.State.OPEN));
        for (int i = 0; i < 3; i++) {
            bus.publish(kit().topic("guarded"), "later-" + i).join();
        }
        kit().await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 3);
        dependencyDown.set(false);

        kit().await().until(() -> handled.size() == 3);
        assertThat(handled).containsExactlyInAnyOrder("later-0", "later-1", "later-2");
        assertThat(hasTransition(breaker, Breaker.State.HALF_OPEN)).isTrue();
        kit().await().until(() -> hasTransition(breaker, Breaker.State.CLOSED));
    }

    @Test
    default void retryingSubscriptionDoesNotHoldUpOthers() {
        DefaultMessageBus bus = kit().bus("busy-agent");
        Recorder<Object> deadLetters = deadLetters(bus);
        Recorder<Integer> other = new Recorder<>();
        bus.subscribe(SubscriptionOptions.pattern(kit().topic("slow-retries")).retryDelay(Duration.ofMillis(400)),
                String.class, message -> {
                    throw new IllegalStateException("always");
                });
        bus.subscribe(kit().topic("other"), Integer.class, other);

        bus.publish(kit().topic("slow-retries"), "stuck").join();
        for (int i = 0; i < 20; i++) {
            bus.publish(kit().topic("other"), i).join();
        }

        kit().await().until(() -> other.count() == 20);
        assertThat(deadLetters.count()).as("the retrying message is still retrying").isZero();
        kit().await().until(() -> deadLetters.count() == 1);
    }

    @Test
    default void deadLettersCanBeRepublishedToTheirOriginalTopic() {
        DefaultMessageBus bus = kit().bus("redrive-agent");
        Recorder<Object> deadLetters = deadLetters(bus);
        AtomicBoolean healthy = new AtomicBoolean();
        Recorder<Task> handled = new Recorder<>();
        bus.subscribe(SubscriptionOptions.pattern(kit().topic("redrive")).retries(0), Task.class, message -> {
            if (!healthy.get()) {
                throw new IllegalStateException("down");
            }
            handled.handle(message);
        });
        Task task = new Task("t-9", 1, List.of(), Instant.parse("2026-01-01T00:00:00Z"));
        bus.publish(kit().topic("redrive"), task, Map.of("trace", "xyz")).join();
        kit().await().until(() -> deadLetters.count() == 1);

        healthy.set(true);
        bus.deadLetters().republish(deadLetters.messages().get(0)).join();

        kit().await().until(() -> handled.count() == 1);
        Message<Task> again = handled.messages().get(0);
        assertThat(again.data()).isEqualTo(task);
        assertThat(again.headers()).containsEntry("trace", "xyz")
            .containsEntry(AmbHeaders.REPUBLISHED_FROM, deadLetters.messages().get(0).id())
            .doesNotContainKey(AmbHeaders.DEAD_LETTER_TOPIC);
    }

    @Test
    default void aRequestWhoseReplyToIsNotAnInboxIsDeadLetteredAndNotAnswered() {
        DefaultMessageBus bus = kit().bus("careful-responder");
        Recorder<Object> deadLetters = deadLetters(bus);
        String victim = kit().topic("orders.cancel");
        List<Envelope> misdirected = new CopyOnWriteArrayList<>();
        BrokerSubscription watch = kit().broker().subscribe(SubscriptionSpec.of("raw-victim", victim, null, 1),
                delivery -> {
                    misdirected.add(delivery.envelope());
                    delivery.ack();
                });
        try {
            AtomicInteger handled = new AtomicInteger();
            String topic = kit().topic("quotes");
            bus.respond(topic, null, String.class, request -> {
                handled.incrementAndGet();
                return "quote";
            });

            kit().broker().publish(Envelope.builder()
                .id(java.util.UUID.randomUUID().toString())
                .topic(topic)
                .source("mallory")
                .time(Instant.now())
                .contentType("application/json")
                .data("\"q\"".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .extension(AmbHeaders.EXT_CORRELATION_ID, "forged")
                .extension(AmbHeaders.EXT_REPLY_TO, victim)
                .build()).join();

            kit().await().until(() -> deadLetters.count() == 1);
            assertThat(deadLetters.messages().get(0).headers())
                .containsEntry(AmbHeaders.DEAD_LETTER_REASON, "invalid-reply-to");
            assertThat(handled.get()).isZero();
            kit().await().during(Duration.ofMillis(500)).until(misdirected::isEmpty);
        }
        finally {
            watch.close();
        }
    }

    private boolean hasTransition(String breaker, Breaker.State to) {
        return new ArrayList<>(kit().breakerEvents()).stream().anyMatch(e -> e.name().equals(breaker) && e.to() == to);
    }

    private Recorder<Object> deadLetters(DefaultMessageBus bus) {
        Recorder<Object> recorder = new Recorder<>();
        bus.subscribe(kit().deadLetterTopic(), Object.class, recorder);
        return recorder;
    }
}
