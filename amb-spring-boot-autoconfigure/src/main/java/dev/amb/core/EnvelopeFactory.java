package dev.amb.core;

import java.time.Clock;
import java.util.Map;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.topic.Topics;

/**
 * Builds outgoing envelopes: validates topic and headers and fills in the CloudEvents attributes
 * (id, source = this agent, type = topic, time, datacontenttype). Thread safe.
 */
final class EnvelopeFactory {

    private final String agentId;

    private final Clock clock;

    private final MessageIds ids;

    EnvelopeFactory(String agentId, Clock clock, MessageIds ids) {
        this.agentId = agentId;
        this.clock = clock;
        this.ids = ids;
    }

    Envelope create(String topic, PayloadCodec.Encoded payload, Map<String, String> headers,
            Map<String, String> extensions) {
        Topics.validateTopic(topic);
        Envelope.Builder builder = Envelope.builder()
            .id(ids.next())
            .topic(topic)
            .source(agentId)
            .time(clock.instant())
            .contentType(payload.contentType())
            .data(payload.bytes());
        if (headers != null) {
            headers.forEach((name, value) -> builder.header(validHeaderName(name, topic), validHeaderValue(name, value)));
        }
        extensions.forEach(builder::extension);
        return builder.build();
    }

    /**
     * Refuses application headers the bus reserves for itself: {@code amb-dlq-*} (dead letters)
     * and {@code amb-republished-from} (republished dead letters).
     * @throws IllegalArgumentException naming the header
     */
    static void requireUnreserved(Map<String, String> headers, String topic) {
        if (headers == null) {
            return;
        }
        for (String name : headers.keySet()) {
            if (name != null && (name.regionMatches(true, 0, AmbHeaders.DEAD_LETTER_PREFIX, 0,
                    AmbHeaders.DEAD_LETTER_PREFIX.length()) || name.equalsIgnoreCase(AmbHeaders.REPUBLISHED_FROM))) {
                throw new IllegalArgumentException("Header '" + name + "' on a message to '" + topic + "' is reserved: "
                        + AmbHeaders.DEAD_LETTER_PREFIX + "* and " + AmbHeaders.REPUBLISHED_FROM
                        + " are written only by the bus (dead letters and their republishing)");
            }
        }
    }

    String agentId() {
        return agentId;
    }

    private static String validHeaderName(String name, String topic) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Invalid header on a message to '" + topic
                    + "': header names must not be null or empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("Invalid header name '" + name + "' on a message to '" + topic
                        + "': header names must not contain spaces or control characters");
            }
        }
        return name;
    }

    private static String validHeaderValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Header '" + name + "' has a null value; header values must not be null");
        }
        return value;
    }
}
