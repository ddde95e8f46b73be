package dev.amb.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.amb.MessageRejectedException;
import dev.amb.spi.Broker;
import dev.amb.spi.Envelope;

/**
 * Enforces {@link dev.amb.spi.BrokerCapabilities#maxPayloadBytes()} for every broker, before the
 * message reaches it, so an oversized message fails the same way everywhere: at once, with a
 * {@link MessageRejectedException} naming the size and the limit (instead of a broker-specific
 * error, a dropped connection or a silent truncation).
 *
 * <p>The size counted is the payload plus every attribute, header and extension (UTF-8), which is
 * what an adapter puts on the wire give or take its framing. Stateless and thread safe.
 */
final class PayloadLimit {

    private PayloadLimit() {
    }

    /**
     * @param broker the broker the envelope goes to
     * @param envelope the envelope about to be published
     * @return the refusal, or {@code null} when the envelope fits (or the broker sets no limit)
     */
    static MessageRejectedException check(Broker broker, Envelope envelope) {
        int limit = broker.capabilities().maxPayloadBytes();
        if (limit <= 0) {
            return null;
        }
        long size = size(envelope);
        if (size <= limit) {
            return null;
        }
        return new MessageRejectedException("Message to '" + envelope.topic() + "' is " + size
                + " bytes (payload " + envelope.data().length + " bytes plus headers), more than the " + limit
                + " bytes the " + broker.name() + " broker accepts; nothing was published");
    }

    static long size(Envelope envelope) {
        long size = envelope.data().length;
        size += utf8(envelope.id()) + utf8(envelope.topic()) + utf8(envelope.source()) + utf8(envelope.contentType());
        size += 32; // the time and the framing of the attributes
        size += utf8(envelope.headers()) + utf8(envelope.extensions());
        return size;
    }

    private static long utf8(Map<String, String> values) {
        long size = 0;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            size += utf8(entry.getKey()) + utf8(entry.getValue()) + 2;
        }
        return size;
    }

    private static long utf8(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }
}
