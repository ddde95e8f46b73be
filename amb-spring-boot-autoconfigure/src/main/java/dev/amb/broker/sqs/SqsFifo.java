package dev.amb.broker.sqs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * FIFO ids: a message group id and a deduplication id may hold at most 128 characters of
 * alphanumerics and punctuation; a value that does not fit is replaced by its SHA-256 hash.
 */
final class SqsFifo {

    private static final int MAX = 128;

    private SqsFifo() {
    }

    /**
     * @param key the partition key or topic
     * @return a valid message group id
     */
    static String groupId(String key) {
        return fit(key);
    }

    /**
     * @param id the CloudEvents id
     * @return a valid deduplication id
     */
    static String deduplicationId(String id) {
        return fit(id);
    }

    private static String fit(String value) {
        if (value.length() <= MAX && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
        }
    }
}
