package dev.amb.benchmarks.load;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Message;
import io.nats.client.impl.Headers;

/**
 * What the two plain-jnats contenders of the NATS runs ({@link NatsCoreLoad}, {@link JetStreamLoad})
 * put on the wire: the raw client sends the payload bytes; the peer (what a user of plain jnats
 * writes to send the same information as AMB) sends the payload as JSON through Jackson with the six
 * CloudEvents headers AMB writes, and its receiving side reads the headers and parses the JSON.
 */
final class JnatsWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean json;

    /**
     * @param json {@code true} for the peer (JSON and CloudEvents headers), {@code false} for the raw client
     */
    JnatsWire(boolean json) {
        this.json = json;
    }

    /** @return {@code true} for the peer */
    boolean json() {
        return json;
    }

    /** @return the contender's column name */
    String name() {
        return json ? "jnats + JSON + headers" : "raw jnats";
    }

    /**
     * @param text the string payload (the peer's)
     * @param bytes the byte payload (the raw client's)
     * @return what goes on the wire: the bytes, or the string as JSON
     * @throws IOException when Jackson fails
     */
    byte[] encode(String text, byte[] bytes) throws IOException {
        return json ? JSON.writeValueAsBytes(text) : bytes;
    }

    /**
     * Reads a received message as its sender's kind wrote it: nothing to do for the raw client, the
     * {@code ce-type} header and the JSON payload for the peer.
     * @param message the message
     */
    void decode(Message message) {
        if (json) {
            try {
                if (message.getHeaders().getFirst("ce-type") == null
                        || JSON.readValue(message.getData(), String.class) == null) {
                    throw new IllegalStateException("no payload");
                }
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /**
     * @param subject the subject the message goes to
     * @return the CloudEvents headers for the peer, empty headers (to add to) for the raw client
     */
    Headers headers(String subject) {
        return json ? cloudEventsHeaders(subject) : new Headers();
    }

    /**
     * The CloudEvents headers AMB writes for such a message (same names, same value lengths), so that
     * the peer pays what the wire format costs.
     * @param subject the subject, AMB's {@code ce-type}
     * @return new headers
     */
    static Headers cloudEventsHeaders(String subject) {
        return new Headers().put("ce-specversion", "1.0")
            .put("ce-id", UUID.randomUUID().toString())
            .put("ce-source", "amb-agent-1a2b3c4d")
            .put("ce-type", subject)
            .put("ce-time", Instant.now().toString())
            .put("ce-datacontenttype", "application/json");
    }
}
