package dev.amb.core;

import java.time.Clock;
import java.time.Instant;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;

/**
 * Builds a dead letter from a failed delivery: the original bytes, content type and user headers,
 * plus {@code amb-dlq-*} headers naming the original topic, subscription, group, reason, error,
 * attempts and time. The reply-to is dropped so nobody answers a dead letter by accident.
 */
final class DeadLetterEnvelopes {

    static final int MAX_ERROR_MESSAGE = 1000;

    private final String agentId;

    private final Clock clock;

    private final MessageIds ids;

    DeadLetterEnvelopes(String agentId, Clock clock, MessageIds ids) {
        this.agentId = agentId;
        this.clock = clock;
        this.ids = ids;
    }

    Envelope create(Envelope original, String deadLetterTopic, SubscriptionContext subscription, String reason,
            int attempts, Throwable error) {
        Instant now = clock.instant();
        Envelope.Builder builder = Envelope.builder()
            .id(ids.next())
            .topic(deadLetterTopic)
            .source(agentId)
            .time(now)
            .contentType(original.contentType())
            .data(original.data())
            .headers(original.headers())
            .header(AmbHeaders.DEAD_LETTER_TOPIC, original.topic())
            .header(AmbHeaders.DEAD_LETTER_SUBSCRIPTION, subscription.id())
            .header(AmbHeaders.DEAD_LETTER_REASON, reason)
            .header(AmbHeaders.DEAD_LETTER_ATTEMPTS, Integer.toString(attempts))
            .header(AmbHeaders.DEAD_LETTER_TIME, now.toString())
            .header(AmbHeaders.DEAD_LETTER_ORIGINAL_ID, original.id());
        if (subscription.group() != null) {
            builder.header(AmbHeaders.DEAD_LETTER_GROUP, subscription.group());
        }
        if (original.source() != null) {
            builder.header(AmbHeaders.DEAD_LETTER_ORIGINAL_SENDER, original.source());
        }
        if (error != null) {
            builder.header(AmbHeaders.DEAD_LETTER_ERROR_CLASS, error.getClass().getName());
            builder.header(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE, truncate(String.valueOf(error.getMessage())));
        }
        if (original.correlationId() != null) {
            builder.extension(AmbHeaders.EXT_CORRELATION_ID, original.correlationId());
        }
        return builder.build();
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_MESSAGE ? text : text.substring(0, MAX_ERROR_MESSAGE - 3) + "...";
    }
}
