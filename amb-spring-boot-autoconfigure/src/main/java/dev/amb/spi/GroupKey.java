package dev.amb.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The work queue a grouped subscription belongs to: one per (group, patterns).
 *
 * <p>This is AMB's one rule for consumer groups, decided here so that no adapter re-derives it:
 * subscriptions with the same group name <em>and</em> the same set of patterns share the
 * messages between them (each message goes to one of them, across instances); the same group
 * name with other patterns is another work queue. Two instances of one application declare the
 * same endpoint, so they get the same key and share its work. The order in which patterns are
 * declared does not matter.
 *
 * <p>Adapters map the key onto their broker's own concept (a NATS queue group, a Redis or Kafka
 * consumer group, a JetStream durable, a RabbitMQ or SQS queue) by {@link #id()} where the broker
 * accepts any string, or by {@link #name(int)} where names are restricted.
 *
 * @param group the group name the user gave
 * @param id the full key: the group, then the sorted patterns; unique per work queue
 * @since 0.2.0
 */
public record GroupKey(String group, String id) {

    private static final int HASH_CHARS = 10;

    /**
     * Checks the values.
     * @param group the group name
     * @param id the key
     */
    public GroupKey {
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(id, "id must not be null");
    }

    /**
     * The key of a group on a set of patterns.
     * @param group the group name
     * @param patterns the subscription's patterns, in any order
     * @return the key
     */
    public static GroupKey of(String group, List<String> patterns) {
        Objects.requireNonNull(group, "group must not be null");
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a group key needs at least one pattern");
        }
        return new GroupKey(group, group + "|" + String.join(",", new TreeSet<>(patterns)));
    }

    /**
     * The key of one pattern's share of this work queue, for adapters that subscribe each
     * pattern of a multi-pattern subscription separately.
     * @param pattern one of the subscription's patterns
     * @return a key unique to this work queue and pattern
     */
    public GroupKey part(String pattern) {
        return new GroupKey(group, id + "/" + pattern);
    }

    /**
     * A name for brokers that restrict names: only {@code [A-Za-z0-9_-]}, at most
     * {@code maxLength} characters, readable (the group and patterns with {@code .} as
     * {@code _}, {@code *} as {@code x} and {@code #} as {@code h}) and unique (it ends with a
     * hash of the whole key).
     * @param maxLength the broker's limit, 24 or more
     * @return the name, for example {@code app-logs_h_error-1a2b3c4d5e}
     */
    public String name(int maxLength) {
        if (maxLength < HASH_CHARS + 14) {
            throw new IllegalArgumentException("maxLength must be 24 or more, was " + maxLength);
        }
        String readable = sanitize(id.replace('|', '-').replace(',', '-').replace('/', '-'));
        int room = maxLength - HASH_CHARS - 1;
        if (readable.length() > room) {
            readable = readable.substring(0, room);
        }
        return readable + "-" + hash(id);
    }

    private static String sanitize(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            }
            else {
                out.append(switch (c) {
                    case '*' -> 'x';
                    case '#' -> 'h';
                    default -> '_';
                });
            }
        }
        return out.toString();
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
