package dev.amb.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Clock;
import java.time.Instant;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;

/**
 * Builds a dead letter from a failed delivery: the original bytes, content type and user headers,
 * plus {@code amb-dlq-*} headers naming the original topic, subscription, group, reason, error,
 * attempts and time; {@code amb-dlq-*} headers the original carried (forged: publishing refuses
 * them) are replaced, not passed on. The reply-to is dropped so nobody answers a dead letter by accident.
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
            .headers(withoutDeadLetterHeaders(original.headers()))
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
        // a dead letter forwards the message: it keeps the trace the message started (CloudEvents distributed tracing)
        builder.extension(AmbHeaders.EXT_TRACEPARENT, original.extension(AmbHeaders.EXT_TRACEPARENT));
        builder.extension(AmbHeaders.EXT_TRACESTATE, original.extension(AmbHeaders.EXT_TRACESTATE));
        return builder.build();
    }

    /** Drops {@code amb-dlq-*} headers from the original: only this bus writes them (a forged one is replaced). */
    private static Map<String, String> withoutDeadLetterHeaders(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith(AmbHeaders.DEAD_LETTER_PREFIX)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    static String truncate(String text) {
        return text.length() <= MAX_ERROR_MESSAGE ? text : text.substring(0, MAX_ERROR_MESSAGE - 3) + "...";
    }
}
