package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.Objects;

/**
 * How the SQS adapter names, creates and reads its queues. Every value is checked here, so that a
 * wrong one fails when the broker is created, naming the problem.
 *
 * @param queuePrefix the start of every queue name AMB creates ({@code [A-Za-z0-9_-]}, 1 to 20
 *        characters); instances that should see each other's subscriptions use the same prefix
 * @param visibilityTimeout how long a received message stays invisible to other consumers; the
 *        adapter extends it while it holds the message, so it bounds how long a crashed
 *        consumer's messages wait before redelivery (1 s to 12 h)
 * @param waitTime the long-polling wait of one receive call (0 to 20 s)
 * @param maxMessages the most messages one receive call asks for (1 to 10)
 * @param fifo {@code true} for FIFO queues ({@code .fifo}): per-group order and deduplication
 * @param contentBasedDeduplication FIFO queues deduplicate on a hash of the body when the sender
 *        gives no deduplication id (AMB always gives the CloudEvents id)
 * @param deadLetterQueue {@code true} to give every queue a redrive policy to one
 *        {@code <prefix>-dlq} queue, a backstop for messages that crash their consumer over and over
 * @param maxReceiveCount the receive count after which SQS moves a message to the redrive queue;
 *        keep it above the bus's retry attempts
 * @param registryRefresh how often the publisher re-reads the subscription registry (queue tags)
 *        to find other instances' subscriptions: the bound on their discovery delay
 * @param orphanTimeout a broadcast queue whose owner has not renewed its heartbeat tag for this
 *        long belongs to a crashed instance and is deleted by any instance that sees it
 * @param maxMessageBytes the largest message body: 262 144 (256 KiB, the SQS default) up to
 *        1 048 576 (1 MiB)
 * @param shutdownTimeout how long closing waits for running handlers
 * @since 0.3.0
 */
public record SqsSettings(String queuePrefix, Duration visibilityTimeout, Duration waitTime, int maxMessages,
        boolean fifo, boolean contentBasedDeduplication, boolean deadLetterQueue, int maxReceiveCount,
        Duration registryRefresh, Duration orphanTimeout, int maxMessageBytes, Duration shutdownTimeout) {

    /** The most characters of {@link #queuePrefix()}. */
    public static final int MAX_PREFIX = 20;

    /**
     * Checks the values.
     * @param queuePrefix see the record
     * @param visibilityTimeout see the record
     * @param waitTime see the record
     * @param maxMessages see the record
     * @param fifo see the record
     * @param contentBasedDeduplication see the record
     * @param deadLetterQueue see the record
     * @param maxReceiveCount see the record
     * @param registryRefresh see the record
     * @param orphanTimeout see the record
     * @param maxMessageBytes see the record
     * @param shutdownTimeout see the record
     */
    public SqsSettings {
        Objects.requireNonNull(queuePrefix, "queuePrefix");
        if (!queuePrefix.matches("[A-Za-z0-9_-]{1," + MAX_PREFIX + "}")) {
            throw new IllegalArgumentException("amb.sqs.queue-prefix must be 1 to " + MAX_PREFIX
                    + " characters of [A-Za-z0-9_-], was '" + queuePrefix + "'");
        }
        check("visibility-timeout", visibilityTimeout, Duration.ofSeconds(1), Duration.ofHours(12));
        check("wait-time", waitTime, Duration.ZERO, Duration.ofSeconds(20));
        check("registry-refresh", registryRefresh, Duration.ofMillis(100), Duration.ofHours(1));
        check("orphan-timeout", orphanTimeout, Duration.ofMinutes(1), Duration.ofDays(14));
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (maxMessages < 1 || maxMessages > 10) {
            throw new IllegalArgumentException("amb.sqs.max-messages must be 1 to 10, was " + maxMessages);
        }
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("amb.sqs.max-receive-count must be 1 to 1000, was " + maxReceiveCount);
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > 1024 * 1024) {
            throw new IllegalArgumentException("amb.sqs.max-message-size must be 1KB to 1MB (1048576 bytes), was "
                    + maxMessageBytes);
        }
    }

    /**
     * The defaults: prefix {@code amb}, 30 s visibility, 20 s long polls, 10 messages a receive,
     * standard queues, no redrive queue (receive count 10), 5 s registry refresh, 10 min orphan
     * timeout, 256 KiB messages, 10 s shutdown.
     * @return the defaults
     */
    public static SqsSettings defaults() {
        return new SqsSettings("amb", Duration.ofSeconds(30), Duration.ofSeconds(20), 10, false, false, false, 10,
                Duration.ofSeconds(5), Duration.ofMinutes(10), 256 * 1024, Duration.ofSeconds(10));
    }

    /**
     * @param prefix another queue prefix
     * @return these settings with that prefix
     */
    public SqsSettings withQueuePrefix(String prefix) {
        return new SqsSettings(prefix, visibilityTimeout, waitTime, maxMessages, fifo, contentBasedDeduplication,
                deadLetterQueue, maxReceiveCount, registryRefresh, orphanTimeout, maxMessageBytes, shutdownTimeout);
    }

    /**
     * @param timeout another visibility timeout
     * @return these settings with that visibility timeout
     */
    public SqsSettings withVisibilityTimeout(Duration timeout) {
        return new SqsSettings(queuePrefix, timeout, waitTime, maxMessages, fifo, contentBasedDeduplication,
                deadLetterQueue, maxReceiveCount, registryRefresh, orphanTimeout, maxMessageBytes, shutdownTimeout);
    }

    private static void check(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("amb.sqs." + name + " must be between " + min + " and " + max
                    + ", was " + value);
        }
    }
}
