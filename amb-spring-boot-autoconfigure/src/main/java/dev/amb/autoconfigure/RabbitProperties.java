package dev.amb.autoconfigure;

import java.time.Duration;

/**
 * The RabbitMQ broker ({@code amb.rabbit.*}): where to connect and how AMB lays out its exchange
 * and queues.
 *
 * <p>Connection: with {@code url} set, AMB connects there. Otherwise it takes the connection
 * settings (host, port, virtual host, credentials, TLS) of the application's Spring AMQP
 * {@code ConnectionFactory}, which Spring Boot builds from {@code spring.rabbitmq.*}; without one,
 * it connects to {@code amqp://guest:guest@localhost:5672/}. Either way AMB opens two connections
 * of its own (publishing and consuming) with automatic recovery.
 *
 * @since 0.3.0
 */
public class RabbitProperties {

    /**
     * RabbitMQ URL, amqp://user:password@host:port/virtual-host, or amqps:// for TLS (the JVM's
     * default trust store, with host name verification). Takes precedence over the application's
     * spring.rabbitmq.* connection. Environment variable AMB_RABBIT_URL.
     */
    private String url;

    /**
     * Name of the durable topic exchange AMB publishes to, and prefix of every queue and exchange
     * AMB declares (<exchange>.g.* group queues, <exchange>.b.* broadcast queues,
     * <exchange>.delay.* delay tiers).
     */
    private String exchange = "amb";

    /**
     * Type of the durable group queues: quorum (replicated, with a delivery limit) or classic.
     * Changing it for an existing group fails start-up until the queue is deleted.
     */
    private QueueType queueType = QueueType.QUORUM;

    /**
     * How many messages each subscription takes ahead of its running handlers; the channel's
     * prefetch (basic.qos) is the subscription's concurrency plus this.
     */
    private int prefetch = 10;

    /**
     * Quorum group queues' x-delivery-limit: after this many returns without an acknowledgement
     * (consumers that crashed or paused while holding it) RabbitMQ moves a message to the group's
     * .dlq queue.
     */
    private int deliveryLimit = 50;

    /**
     * The most messages a broadcast subscription's queue holds while its subscriber is slow or
     * paused; the oldest are dropped beyond it.
     */
    private int broadcastMaxLength = 10_000;

    /**
     * How long a group queue (and its .dlq) may go unused, without consumers, before RabbitMQ
     * deletes it with its messages (x-expires); 0 keeps it until an operator deletes it. For
     * short-lived groups and test systems.
     */
    private Duration groupQueueExpiry = Duration.ZERO;

    /** @return the URL, or {@code null} */
    public String getUrl() {
        return url;
    }

    /** @param url the URL */
    public void setUrl(String url) {
        this.url = url;
    }

    /** @return the exchange */
    public String getExchange() {
        return exchange;
    }

    /** @param exchange the exchange */
    public void setExchange(String exchange) {
        this.exchange = exchange;
    }

    /** @return the group queue type */
    public QueueType getQueueType() {
        return queueType;
    }

    /** @param queueType the group queue type */
    public void setQueueType(QueueType queueType) {
        this.queueType = queueType;
    }

    /** @return the prefetch beyond the running handlers */
    public int getPrefetch() {
        return prefetch;
    }

    /** @param prefetch the prefetch beyond the running handlers */
    public void setPrefetch(int prefetch) {
        this.prefetch = prefetch;
    }

    /** @return the delivery limit */
    public int getDeliveryLimit() {
        return deliveryLimit;
    }

    /** @param deliveryLimit the delivery limit */
    public void setDeliveryLimit(int deliveryLimit) {
        this.deliveryLimit = deliveryLimit;
    }

    /** @return the broadcast queue length limit */
    public int getBroadcastMaxLength() {
        return broadcastMaxLength;
    }

    /** @param broadcastMaxLength the broadcast queue length limit */
    public void setBroadcastMaxLength(int broadcastMaxLength) {
        this.broadcastMaxLength = broadcastMaxLength;
    }

    /** @return the group queue expiry, zero for never */
    public Duration getGroupQueueExpiry() {
        return groupQueueExpiry;
    }

    /** @param groupQueueExpiry the group queue expiry, zero for never */
    public void setGroupQueueExpiry(Duration groupQueueExpiry) {
        this.groupQueueExpiry = groupQueueExpiry;
    }

    /**
     * The type of AMB's durable group queues.
     *
     * @since 0.3.0
     */
    public enum QueueType {

        /** Quorum queues (RabbitMQ 3.8 and later): replicated, with a delivery limit. */
        QUORUM,

        /** Classic queues. */
        CLASSIC
    }
}
