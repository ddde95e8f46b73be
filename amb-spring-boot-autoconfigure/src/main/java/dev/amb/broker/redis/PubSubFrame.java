package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.MessageSerializationException;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.StructuredEnvelopeCodec;

/**
 * One pub/sub message queued for a subscription: what arrived on which channel, the envelope once
 * decoded, and the delivery attempt it will be.
 *
 * @param channel the channel it arrived on (the topic)
 * @param bytes what arrived
 * @param envelope the decoded envelope, or {@code null} until a worker decodes it
 * @param cloudEvent once decoded: whether the bytes are a structured CloudEvent (valid or not)
 * @param attempt the delivery attempt, 1 on first delivery
 */
record PubSubFrame(String channel, byte[] bytes, Envelope envelope, boolean cloudEvent, int attempt) {

    private static final Log logger = LogFactory.getLog(PubSubFrame.class);

    static PubSubFrame arrived(String channel, byte[] bytes) {
        return new PubSubFrame(channel, bytes, null, false, 1);
    }

    /** @return this frame with its envelope decoded */
    PubSubFrame decoded() {
        if (envelope != null) {
            return this;
        }
        boolean structured = StructuredEnvelopeCodec.looksLikeCloudEvent(bytes);
        return new PubSubFrame(channel, bytes, decode(bytes, channel, structured), structured, attempt);
    }

    PubSubFrame nextAttempt() {
        return new PubSubFrame(channel, bytes, envelope, cloudEvent, attempt + 1);
    }

    /**
     * Decodes a structured CloudEvent, or wraps a plain message as its data. Bytes that claim to be
     * a CloudEvent but are not a valid one become an envelope with the
     * {@code application/cloudevents+json} content type, which no payload serializer reads: the
     * bus then sends the original bytes down its failure path (dead letters) instead of the
     * subscription dying or the message vanishing.
     */
    private static Envelope decode(byte[] bytes, String channel, boolean cloudEvent) {
        try {
            return StructuredEnvelopeCodec.decode(bytes, channel, cloudEvent);
        }
        catch (MessageSerializationException ex) {
            if (logger.isDebugEnabled()) {
                logger.debug("Invalid structured CloudEvent on channel '" + channel + "'; handing the raw bytes to the"
                        + " bus's failure path", ex);
            }
            return Envelope.builder()
                .id(UUID.randomUUID().toString())
                .topic(channel)
                .contentType(StructuredEnvelopeCodec.CONTENT_TYPE)
                .data(bytes)
                .build();
        }
    }

    /**
     * What members of a group claim: the CloudEvents id, the same in every instance. A plain
     * message has no id (each instance would generate its own), so its claim is a digest of the
     * channel and the bytes; two identical plain messages within the claim's lifetime therefore
     * count as one for a group. Only for a {@linkplain #decoded() decoded} frame.
     */
    String claimId() {
        if (cloudEvent && !StructuredEnvelopeCodec.CONTENT_TYPE.equals(envelope.contentType())) {
            return envelope.id();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(channel.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
        }
    }
}
