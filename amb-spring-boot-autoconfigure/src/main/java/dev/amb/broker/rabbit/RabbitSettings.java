package dev.amb.broker.rabbit;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the RabbitMQ broker lays out its topology and takes messages.
 *
 * @param exchange the durable topic exchange AMB publishes to; also the prefix of every queue and
 *        exchange AMB declares ({@code <exchange>.g.*}, {@code <exchange>.b.*},
 *        {@code <exchange>.delay.*})
 * @param queueType the type of the durable group queues (broadcast queues are always classic,
 *        exclusive queues)
 * @param prefetch how many messages each subscription takes ahead of its running handlers (the
 *        channel's {@code basic.qos} is the subscription's concurrency plus this)
 * @param deliveryLimit the quorum queues' {@code x-delivery-limit}: after this many returns to
 *        the queue without an acknowledgement (consumers that crashed or paused while holding it),
 *        RabbitMQ moves the message to the group's {@code .dlq} queue
 * @param broadcastMaxLength the most messages a broadcast subscription's queue holds while its
 *        subscriber is slow or paused; older ones are dropped beyond it
 * @param groupQueueExpiry how long a group queue (and its {@code .dlq}) may go unused (no consumer,
 *        no redeclaration) before RabbitMQ deletes it with its messages ({@code x-expires}), or
 *        {@link Duration#ZERO} to keep it until an operator deletes it
 * @param shutdownGrace how long closing waits for running handlers
 * @since 0.3.0
 */
public record RabbitSettings(String exchange, QueueType queueType, int prefetch, int deliveryLimit,
        int broadcastMaxLength, Duration groupQueueExpiry, Duration shutdownGrace) {

    private static final Pattern EXCHANGE = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

    /**
     * Validates the settings.
     * @param exchange 1-200 characters of letters, digits, {@code _ . : -}
     * @param queueType the group queue type
     * @param prefetch 0 or more
     * @param deliveryLimit 1 or more
     * @param broadcastMaxLength 1 or more
     * @param groupQueueExpiry zero (never) or at least 1 ms
     * @param shutdownGrace zero or positive
     */
    public RabbitSettings {
        Objects.requireNonNull(exchange, "exchange");
        if (!EXCHANGE.matcher(exchange).matches() || exchange.startsWith("amq.")) {
            throw new IllegalArgumentException("amb.rabbit.exchange '" + exchange + "' is not a valid exchange name:"
                    + " 1-200 letters, digits, '_', '.', ':' or '-', not starting with 'amq.'");
        }
        Objects.requireNonNull(queueType, "queueType");
        if (prefetch < 0) {
            throw new IllegalArgumentException("amb.rabbit.prefetch must be 0 or more, was " + prefetch);
        }
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("amb.rabbit.delivery-limit must be 1 or more, was " + deliveryLimit);
        }
        if (broadcastMaxLength < 1) {
            throw new IllegalArgumentException(
                    "amb.rabbit.broadcast-max-length must be 1 or more, was " + broadcastMaxLength);
        }
        Objects.requireNonNull(groupQueueExpiry, "groupQueueExpiry");
        if (groupQueueExpiry.isNegative() || (!groupQueueExpiry.isZero() && groupQueueExpiry.toMillis() < 1)) {
            throw new IllegalArgumentException("amb.rabbit.group-queue-expiry must be 0 (never) or at least 1ms, was "
                    + groupQueueExpiry);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative, was " + shutdownGrace);
        }
    }

    /** @return exchange {@code amb}, quorum queues, prefetch 10, delivery limit 50, 10,000 broadcast messages, group queues kept, 10 s grace */
    public static RabbitSettings defaults() {
        return new RabbitSettings("amb", QueueType.QUORUM, 10, 50, 10_000, Duration.ZERO, Duration.ofSeconds(10));
    }

    /**
     * @param exchange the exchange (and name prefix)
     * @return a copy with the exchange changed
     */
    public RabbitSettings withExchange(String exchange) {
        return new RabbitSettings(exchange, queueType, prefetch, deliveryLimit, broadcastMaxLength, groupQueueExpiry, shutdownGrace);
    }

    /**
     * @param queueType the group queue type
     * @return a copy with the queue type changed
     */
    public RabbitSettings withQueueType(QueueType queueType) {
        return new RabbitSettings(exchange, queueType, prefetch, deliveryLimit, broadcastMaxLength, groupQueueExpiry, shutdownGrace);
    }

    /**
     * @param prefetch messages taken ahead per subscription
     * @return a copy with the prefetch changed
     */
    public RabbitSettings withPrefetch(int prefetch) {
        return new RabbitSettings(exchange, queueType, prefetch, deliveryLimit, broadcastMaxLength, groupQueueExpiry, shutdownGrace);
    }

    /**
     * @param groupQueueExpiry how long an unused group queue is kept, zero for ever
     * @return a copy with the expiry changed
     */
    public RabbitSettings withGroupQueueExpiry(Duration groupQueueExpiry) {
        return new RabbitSettings(exchange, queueType, prefetch, deliveryLimit, broadcastMaxLength, groupQueueExpiry,
                shutdownGrace);
    }

    /**
     * @param shutdownGrace the grace period
     * @return a copy with the grace period changed
     */
    public RabbitSettings withShutdownGrace(Duration shutdownGrace) {
        return new RabbitSettings(exchange, queueType, prefetch, deliveryLimit, broadcastMaxLength, groupQueueExpiry, shutdownGrace);
    }

    /**
     * The type of the durable group queues.
     *
     * @since 0.3.0
     */
    public enum QueueType {

        /** Replicated Raft queues (RabbitMQ 3.8+): the default, with a delivery limit. */
        QUORUM,

        /** Classic queues: for servers or policies without quorum queues; no delivery limit. */
        CLASSIC;

        /** @return the {@code x-queue-type} value */
        public String argument() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
