package dev.amb.kit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.core.Ordered;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.security.AuditRecord;
import dev.amb.security.AuditSink;
import dev.amb.security.SecurityReasons;
import dev.amb.security.SigningInterceptor;
import dev.amb.security.SigningKey;
import dev.amb.security.StaticSigningKeyResolver;
import dev.amb.security.VerifyingInterceptor;
import dev.amb.spi.Envelope;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed messages on every broker: a properly signed message is handled, whatever content mode
 * the broker uses; tampered, unsigned, wrongly keyed and replayed copies written straight to the
 * broker are all dead-lettered with their reason and audited, and none reaches the handler. A
 * broker that de-duplicates by message id itself (JetStream's duplicate window) drops replayed
 * copies before they arrive: every replayed copy the broker does deliver must be dead-lettered.
 */
public interface SigningContract extends KitContract {

    /** How many forged copies of each kind the contract sends. */
    int COPIES = 3;

    @Test
    default void tamperedUnsignedAndReplayedMessagesAreDeadLetteredAndNeverHandled() {
        SigningKey key = new SigningKey("k1", secret('a'), null);
        StaticSigningKeyResolver keys = new StaticSigningKeyResolver("k1", Map.of("k1", key));
        List<Envelope> sent = new CopyOnWriteArrayList<>();
        DefaultMessageBus sender = kit().bus("signing-agent", builder -> builder
            .outboundInterceptors(List.of(new SigningInterceptor(keys), capture(sent))));
        List<AuditRecord> audited = new CopyOnWriteArrayList<>();
        AuditSink audit = audited::add;
        DefaultMessageBus receiver = kit().bus("verifying-agent", builder -> builder
            .outboundInterceptors(List.of(new SigningInterceptor(keys)))
            .inboundInterceptors(List.of(new VerifyingInterceptor(keys, Duration.ofMinutes(5), Duration.ofMinutes(5),
                    10_000, Clock.systemUTC(), audit))));
        Recorder<Object> deadLetters = new Recorder<>();
        kit().bus("dead-letter-watcher").subscribe(kit().deadLetterTopic(), Object.class, deadLetters);
        Recorder<String> handled = new Recorder<>();
        String topic = kit().topic("secure.orders");
        receiver.subscribe(topic, String.class, handled);
        List<String> arrivedIds = new CopyOnWriteArrayList<>();
        kit().broker().subscribe(SubscriptionSpec.of("raw-observer", List.of(topic), null, 1), delivery -> {
            arrivedIds.add(delivery.envelope().id());
            delivery.ack();
        });

        sender.publish(topic, "genuine", Map.of("priority", "high")).join();
        kit().await().until(() -> handled.count() == 1);
        Envelope genuine = sent.get(0);
        StaticSigningKeyResolver otherKeys = new StaticSigningKeyResolver("k1",
                Map.of("k1", new SigningKey("k1", secret('b'), null)));
        for (int i = 0; i < COPIES; i++) {
            publishRaw(genuine.toBuilder().id(UUID.randomUUID().toString())
                .data(("\"forged " + i + "\"").getBytes(StandardCharsets.UTF_8)).build());
            publishRaw(genuine.toBuilder().id(UUID.randomUUID().toString()).header("priority", "low").build());
            publishRaw(genuine.toBuilder().id(UUID.randomUUID().toString()).extension(AmbHeaders.EXT_SIGNATURE, null)
                .build());
            Envelope foreign = genuine.toBuilder().id(UUID.randomUUID().toString()).build();
            publishRaw(new SigningInterceptor(otherKeys).beforeSend(foreign, OutboundKind.PUBLISH));
            publishRaw(genuine);
        }

        kit().await().until(() -> arrivedIds.size() >= 4 * COPIES + 1 && deadLetters.count() >= 4 * COPIES);
        kit().await().during(Duration.ofMillis(300)).until(() -> deadLetters.count() == arrivedIds.size() - 1);
        long replaysDelivered = arrivedIds.stream().filter(genuine.id()::equals).count() - 1;
        long forged = 4 * COPIES + replaysDelivered;
        assertThat(deadLetters.count()).isEqualTo(forged);
        assertThat(deadLetters.messages()).extracting(message -> message.headers().get(AmbHeaders.DEAD_LETTER_REASON))
            .isSubsetOf(SecurityReasons.SIGNATURE_INVALID, SecurityReasons.UNSIGNED, SecurityReasons.REPLAYED)
            .filteredOn(SecurityReasons.SIGNATURE_INVALID::equals).hasSize(3 * COPIES);
        assertThat(deadLetters.messages()).filteredOn(message -> SecurityReasons.UNSIGNED
            .equals(message.headers().get(AmbHeaders.DEAD_LETTER_REASON))).hasSize(COPIES);
        assertThat(deadLetters.messages()).filteredOn(message -> SecurityReasons.REPLAYED
            .equals(message.headers().get(AmbHeaders.DEAD_LETTER_REASON))).hasSize((int) replaysDelivered);
        assertThat(audited).hasSize((int) forged).allMatch(record -> record.type().equals(AuditRecord.REJECTED));
        kit().await().during(Duration.ofMillis(300)).until(() -> handled.count() == 1);
        Message<String> only = handled.messages().get(0);
        assertThat(only.data()).isEqualTo("genuine");
        assertThat(only.headers()).containsEntry("priority", "high");
        assertThat(only.sender()).isEqualTo("signing-agent");
    }

    /**
     * A requester that verifies signatures takes only the genuine, signed reply: an unsigned reply
     * and one signed with a wrong key, sent to its inbox by someone who saw the request, arrive
     * first and are refused, and the request completes with the genuine reply.
     */
    @Test
    default void aRequesterThatVerifiesSignaturesTakesNoForgedReply() throws Exception {
        SigningKey key = new SigningKey("k1", secret('a'), null);
        StaticSigningKeyResolver keys = new StaticSigningKeyResolver("k1", Map.of("k1", key));
        List<AuditRecord> audited = new CopyOnWriteArrayList<>();
        AuditSink audit = audited::add;
        DefaultMessageBus requester = kit().bus("verifying-requester", builder -> builder
            .outboundInterceptors(List.of(new SigningInterceptor(keys)))
            .inboundInterceptors(List.of(new VerifyingInterceptor(keys, Duration.ofMinutes(5), Duration.ofMinutes(5),
                    10_000, Clock.systemUTC(), audit))));
        DefaultMessageBus responder = kit().bus("signing-responder", builder -> builder
            .outboundInterceptors(List.of(new SigningInterceptor(keys))));
        String topic = kit().topic("secure.quote");
        CountDownLatch forgedSent = new CountDownLatch(2);
        responder.respond(topic, null, String.class, request -> CompletableFuture.supplyAsync(() -> {
            try {
                forgedSent.await(30, TimeUnit.SECONDS); // the forged replies go first
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return "genuine " + request.data();
        }));
        StaticSigningKeyResolver otherKeys = new StaticSigningKeyResolver("k1",
                Map.of("k1", new SigningKey("k1", secret('b'), null)));
        kit().broker().subscribe(SubscriptionSpec.of("eavesdropper", List.of(topic), null, 1), delivery -> {
            Envelope request = delivery.envelope();
            Envelope forged = Envelope.builder()
                .id(UUID.randomUUID().toString())
                .topic(request.extension(AmbHeaders.EXT_REPLY_TO))
                .source("mallory")
                .time(Instant.now())
                .contentType("application/json")
                .data("\"forged\"".getBytes(StandardCharsets.UTF_8))
                .extension(AmbHeaders.EXT_CORRELATION_ID, request.extension(AmbHeaders.EXT_CORRELATION_ID))
                .build();
            kit().broker().publish(forged).join();
            kit().broker().publish(new SigningInterceptor(otherKeys).beforeSend(
                    forged.toBuilder().id(UUID.randomUUID().toString()).build(), OutboundKind.REPLY)).join();
            delivery.ack();
            forgedSent.countDown();
            forgedSent.countDown();
        });

        Message<String> reply = requester.request(topic, "quote", String.class, kit().timeout())
            .get(kit().timeout().toSeconds(), TimeUnit.SECONDS);

        assertThat(reply.data()).isEqualTo("genuine quote");
        assertThat(reply.sender()).isEqualTo("signing-responder");
        kit().await().until(() -> requester.counters().rejectedReplies() == 2);
        assertThat(audited).hasSize(2).allMatch(record -> record.type().equals(AuditRecord.REJECTED));
    }

    private void publishRaw(Envelope envelope) {
        kit().broker().publish(envelope).join();
    }

    private static byte[] secret(char fill) {
        return String.valueOf(fill).repeat(SigningKey.MIN_SECRET_BYTES).getBytes(StandardCharsets.US_ASCII);
    }

    private static OutboundInterceptor capture(List<Envelope> sent) {
        return new OutboundInterceptor() {

            @Override
            public Envelope beforeSend(Envelope envelope, OutboundKind kind) {
                sent.add(envelope);
                return envelope;
            }

            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }
        };
    }
}
