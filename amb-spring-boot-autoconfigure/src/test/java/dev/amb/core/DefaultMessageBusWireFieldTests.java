package dev.amb.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.RemoteAgentException;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fields taken from the wire are not trusted: reply addresses, reserved headers, correlation ids
 * and remote error messages.
 */
class DefaultMessageBusWireFieldTests {

    private final MemoryBroker broker = new MemoryBroker();

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("wire-agent")
        .serializer(new JsonMessageSerializer())
        .build();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    @Test
    void aRequestWhoseReplyToIsNotAnInboxIsDeadLetteredWithTheReasonAndNotAnswered() {
        List<Envelope> misdirected = rawSubscribe("orders.commands.cancel");
        List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();
        bus.subscribe(DeadLetterSettings.DEFAULT_TOPIC, Object.class, deadLetters::add);
        AtomicInteger handled = new AtomicInteger();
        bus.respond("quotes", null, String.class, request -> {
            handled.incrementAndGet();
            return "quote";
        });

        broker.publish(Envelope.builder()
            .id("forged-request")
            .topic("quotes")
            .source("mallory")
            .contentType("application/json")
            .data("\"q\"".getBytes())
            .extension(AmbHeaders.EXT_CORRELATION_ID, "c-1")
            .extension(AmbHeaders.EXT_REPLY_TO, "orders.commands.cancel")
            .build()).join();

        Awaitility.await().until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, "invalid-reply-to")
            .containsEntry(AmbHeaders.DEAD_LETTER_TOPIC, "quotes");
        assertThat(deadLetters.get(0).headers().get(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE))
            .contains("'orders.commands.cancel'");
        assertThat(handled.get()).isZero();
        assertThat(misdirected).isEmpty();
    }

    @Test
    void reservedHeadersAreRefusedAtPublishNamingTheHeader() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> bus.publish("jobs", "x", Map.of(AmbHeaders.DEAD_LETTER_TOPIC, "orders.commands.cancel")))
            .withMessageContaining("'amb-dlq-topic'");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> bus.publish("jobs", "x", Map.of("AMB-DLQ-Reason", "forged")))
            .withMessageContaining("'AMB-DLQ-Reason'");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> bus.publish("jobs", "x", Map.of(AmbHeaders.REPUBLISHED_FROM, "x")))
            .withMessageContaining("'amb-republished-from'");
        assertThat(bus.counters().published()).isZero();
    }

    @Test
    void forgedDeadLetterHeadersOnAFailedMessageAreReplacedInItsDeadLetter() {
        List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();
        bus.subscribe(DeadLetterSettings.DEFAULT_TOPIC, Object.class, deadLetters::add);
        bus.subscribe("jobs", String.class, message -> {
            throw new IllegalStateException("fails");
        });

        broker.publish(Envelope.builder()
            .id("forged-headers")
            .topic("jobs")
            .source("mallory")
            .contentType("application/json")
            .data("\"x\"".getBytes())
            .header(AmbHeaders.DEAD_LETTER_TOPIC, "orders.commands.cancel")
            .header(AmbHeaders.DEAD_LETTER_GROUP, "forged-group")
            .header(AmbHeaders.DEAD_LETTER_REASON, "forged-reason")
            .header("kept", "yes")
            .build()).join();

        Awaitility.await().until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).headers())
            .containsEntry(AmbHeaders.DEAD_LETTER_TOPIC, "jobs")
            .containsEntry(AmbHeaders.DEAD_LETTER_REASON, "retries-exhausted")
            .containsEntry("kept", "yes")
            .doesNotContainKey(AmbHeaders.DEAD_LETTER_GROUP);
    }

    @Test
    void republishingNeverTargetsAReplyInboxOrTheDeadLetterTopic() {
        List<Message<Object>> received = new CopyOnWriteArrayList<>();
        bus.subscribe("forged.dead", Object.class, received::add);
        for (String target : List.of("amb.inbox.victim.1234", DeadLetterSettings.DEFAULT_TOPIC)) {
            broker.publish(Envelope.builder()
                .id("forged-" + target)
                .topic("forged.dead")
                .contentType("application/json")
                .data("\"x\"".getBytes())
                .header(AmbHeaders.DEAD_LETTER_TOPIC, target)
                .build()).join();
        }

        Awaitility.await().until(() -> received.size() == 2);
        for (Message<Object> deadLetter : received) {
            assertThatIllegalArgumentException().isThrownBy(() -> bus.deadLetters().republish(deadLetter))
                .withMessageContaining(deadLetter.headers().get(AmbHeaders.DEAD_LETTER_TOPIC));
        }
    }

    @Test
    void correlationIdsShareNoPredictablePart() {
        List<Envelope> requests = rawSubscribe("ids");

        bus.request("ids", "a", String.class, Duration.ofMillis(300)).exceptionally(ex -> null);
        bus.request("ids", "b", String.class, Duration.ofMillis(300)).exceptionally(ex -> null);

        Awaitility.await().until(() -> requests.size() == 2);
        String first = requests.get(0).correlationId();
        String second = requests.get(1).correlationId();
        // ids from a shared random prefix plus a counter would agree on their first 18 characters
        assertThat(first.substring(0, 18)).isNotEqualTo(second.substring(0, 18));
    }

    @Test
    void errorRepliesCarryTheRemoteMessageCutLikeDeadLetterHeaders() {
        bus.respond("long.failure", null, String.class, request -> {
            throw new IllegalStateException("x".repeat(5000));
        });

        assertThatThrownBy(() -> bus.request("long.failure", "q", String.class, Duration.ofSeconds(10)).join())
            .cause()
            .isInstanceOfSatisfying(RemoteAgentException.class,
                    ex -> assertThat(ex.remoteMessage()).hasSize(DeadLetterEnvelopes.MAX_ERROR_MESSAGE).endsWith("..."));
    }

    private List<Envelope> rawSubscribe(String pattern) {
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("raw-" + pattern, pattern, null, 1), delivery -> {
            seen.add(delivery.envelope());
            delivery.ack();
        });
        return seen;
    }
}
