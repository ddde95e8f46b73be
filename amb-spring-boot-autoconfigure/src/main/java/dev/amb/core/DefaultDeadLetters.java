package dev.amb.core;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.amb.AmbHeaders;
import dev.amb.DeadLetters;
import dev.amb.Message;
import dev.amb.MessageFilter;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.spi.Envelope;
import dev.amb.spi.ReplyInboxes;
import dev.amb.topic.Topics;

/**
 * Republishes dead letters. The original bytes and content type are sent again when the dead
 * letter came from this bus (its envelope is at hand); otherwise the decoded payload is serialized
 * again with the bus's writer.
 *
 * <p>The target is the dead letter's {@code amb-dlq-topic} header. The bus writes that header
 * itself (application publishes may not set {@code amb-dlq-*}, and such headers arriving on a
 * failed message are replaced), but a raw broker client with write access to the dead-letter topic
 * could still forge one: republishing therefore never targets a reply inbox or the dead-letter
 * topic itself, and the dead-letter topic should be writable only by agents (see
 * {@code docs/decisions.md}).
 */
final class DefaultDeadLetters implements DeadLetters {

    static final String REPLAY_GROUP = "amb-dead-letter-replay";

    private final DefaultMessageBus bus;

    private final String topic;

    private final Function<Envelope, CompletableFuture<Void>> publisher;

    private final String agentId;

    private final MessageIds ids;

    DefaultDeadLetters(DefaultMessageBus bus, String topic, Function<Envelope, CompletableFuture<Void>> publisher,
            String agentId, MessageIds ids) {
        this.bus = bus;
        this.topic = topic;
        this.publisher = publisher;
        this.agentId = agentId;
        this.ids = ids;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public CompletableFuture<Void> republish(Message<?> deadLetter) {
        Objects.requireNonNull(deadLetter, "deadLetter must not be null");
        String originalTopic = deadLetter.headers().get(AmbHeaders.DEAD_LETTER_TOPIC);
        if (originalTopic == null) {
            throw new IllegalArgumentException("Message " + deadLetter.id() + " on '" + deadLetter.topic()
                    + "' is not a dead letter: it has no " + AmbHeaders.DEAD_LETTER_TOPIC + " header");
        }
        Topics.validateTopic(originalTopic);
        if (originalTopic.startsWith(ReplyInboxes.PREFIX) || originalTopic.equals(topic)) {
            throw new IllegalArgumentException("Dead letter " + deadLetter.id() + " names '" + originalTopic + "' in its "
                    + AmbHeaders.DEAD_LETTER_TOPIC + " header; dead letters are never republished to a reply inbox or "
                    + "to the dead-letter topic itself");
        }
        if (!(deadLetter instanceof DefaultMessage<?> received)) {
            return bus.publishInternal(originalTopic, deadLetter.data(), withoutDeadLetterHeaders(deadLetter.headers(),
                    deadLetter.id()), Map.of());
        }
        Envelope source = received.envelope();
        Envelope republished = Envelope.builder()
            .id(ids.next())
            .topic(originalTopic)
            .source(agentId)
            .time(java.time.Instant.now())
            .contentType(source.contentType())
            .data(source.data())
            .headers(withoutDeadLetterHeaders(source.headers(), deadLetter.id()))
            .build();
        return publisher.apply(republished);
    }

    @Override
    public Subscription replay(MessageFilter selector) {
        Objects.requireNonNull(selector, "selector must not be null");
        MessageFilter notYetReplayed = message -> !message.headers().containsKey(AmbHeaders.REPUBLISHED_FROM);
        return bus.subscribe(SubscriptionOptions.pattern(topic).group(REPLAY_GROUP).filter(notYetReplayed.and(selector)),
                Object.class, message -> republish(message).join());
    }

    private static Map<String, String> withoutDeadLetterHeaders(Map<String, String> headers, String deadLetterId) {
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith(AmbHeaders.DEAD_LETTER_PREFIX) && !name.equals(AmbHeaders.REPUBLISHED_FROM)) {
                kept.put(name, value);
            }
        });
        kept.put(AmbHeaders.REPUBLISHED_FROM, deadLetterId);
        return kept;
    }
}
