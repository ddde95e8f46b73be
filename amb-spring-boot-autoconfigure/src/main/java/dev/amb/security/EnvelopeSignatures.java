package dev.amb.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.Rfc3339;

/**
 * Computes and checks the {@code signature} extension of an envelope.
 *
 * <p>What is signed (after the CloudEvents verifiability extension's digest scheme): a canonical
 * text of the attributes that carry meaning, each as {@code name=length:value} on its own line
 * ({@code name=-} when absent) in this order: {@code specversion}, {@code id}, {@code source},
 * {@code type} (the topic), {@code time} (RFC 3339 as AMB writes it), {@code datacontenttype},
 * {@code subject}, {@code correlationid}, {@code replyto}, {@code errortype},
 * {@code errormessage}, {@code responder}; then every user header sorted by name; then
 * {@code data=sha-256:<base64 digest of the data bytes>}. The canonical text is built from the
 * decoded envelope, never from wire bytes, so a message signed in binary mode verifies in
 * structured mode and back. Trace context ({@code traceparent}, {@code tracestate}) is not signed:
 * it changes on every hop.
 *
 * <p>The extension's value is {@code hmac-sha256:<key id>:<base64url signature>}.
 *
 * <p>Stateless and thread safe.
 *
 * @since 0.1.0
 */
public final class EnvelopeSignatures {

    /** The scheme written before the key id. */
    public static final String SCHEME = "hmac-sha256";

    private static final String[] SIGNED_EXTENSIONS = { AmbHeaders.CE_SUBJECT, AmbHeaders.EXT_CORRELATION_ID,
            AmbHeaders.EXT_REPLY_TO, AmbHeaders.EXT_ERROR_TYPE, AmbHeaders.EXT_ERROR_MESSAGE, AmbHeaders.EXT_RESPONDER };

    private EnvelopeSignatures() {
    }

    /**
     * @param envelope the envelope (its {@code signature} extension, if any, is ignored)
     * @param key the key
     * @return the {@code signature} extension value for the envelope
     */
    public static String sign(Envelope envelope, SigningKey key) {
        return SCHEME + ":" + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(envelope, key));
    }

    /**
     * @param value a {@code signature} extension value
     * @return the key id it names, or {@code null} when the value is malformed
     */
    public static String keyId(String value) {
        Parsed parsed = Parsed.of(value);
        return parsed != null ? parsed.keyId : null;
    }

    /**
     * Checks a signature in constant time.
     * @param envelope the received envelope
     * @param value its {@code signature} extension value
     * @param key the key the value names
     * @return whether the signature is that key's signature of the envelope
     */
    public static boolean verify(Envelope envelope, String value, SigningKey key) {
        Parsed parsed = Parsed.of(value);
        if (parsed == null || !parsed.keyId.equals(key.id())) {
            return false;
        }
        return MessageDigest.isEqual(mac(envelope, key), parsed.signature);
    }

    private static byte[] mac(Envelope envelope, SigningKey key) {
        Mac mac = key.mac();
        return mac.doFinal(canonical(envelope).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the canonical text that is signed (see the class description) */
    static String canonical(Envelope envelope) {
        StringBuilder text = new StringBuilder(256).append("amb-signature-v1\n");
        field(text, AmbHeaders.CE_SPECVERSION, AmbHeaders.SPEC_VERSION);
        field(text, AmbHeaders.CE_ID, envelope.id());
        field(text, AmbHeaders.CE_SOURCE, envelope.source());
        field(text, AmbHeaders.CE_TYPE, envelope.topic());
        field(text, AmbHeaders.CE_TIME, envelope.time() != null ? Rfc3339.format(envelope.time()) : null);
        field(text, AmbHeaders.CE_DATACONTENTTYPE, envelope.contentType());
        for (String name : SIGNED_EXTENSIONS) {
            field(text, name, envelope.extension(name));
        }
        for (Map.Entry<String, String> header : new TreeMap<>(envelope.headers()).entrySet()) {
            field(text, "header:" + header.getKey().length() + ":" + header.getKey(), header.getValue());
        }
        return text.append("data=sha-256:").append(Base64.getEncoder().encodeToString(sha256(envelope.data())))
            .append('\n').toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(name).append('=');
        if (value == null) {
            text.append('-');
        }
        else {
            text.append(value.length()).append(':').append(value);
        }
        text.append('\n');
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
        }
    }

    /** A parsed {@code hmac-sha256:<key id>:<signature>} value. */
    private record Parsed(String keyId, byte[] signature) {

        static Parsed of(String value) {
            if (value == null || !value.startsWith(SCHEME + ":")) {
                return null;
            }
            int colon = value.indexOf(':', SCHEME.length() + 1);
            if (colon < 0) {
                return null;
            }
            try {
                return new Parsed(value.substring(SCHEME.length() + 1, colon),
                        Base64.getUrlDecoder().decode(value.substring(colon + 1)));
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }
    }
}
