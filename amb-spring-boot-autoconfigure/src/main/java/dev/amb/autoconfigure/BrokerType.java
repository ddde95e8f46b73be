package dev.amb.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The brokers {@code amb.broker} can name.
 *
 * @since 0.1.0
 */
public enum BrokerType {

    /** The in-memory broker (the default): one JVM, at-most-once; for tests and demos. */
    MEMORY(true),

    /** Redis pub/sub or Redis Streams. */
    REDIS(true),

    /** Apache Kafka. */
    KAFKA(true),

    /** RabbitMQ (AMQP 0-9-1). */
    RABBIT(true),

    /** NATS core or JetStream. */
    NATS(true),

    /** Amazon SQS. */
    SQS(true);

    private final boolean available;

    BrokerType(boolean available) {
        this.available = available;
    }

    /** @return {@code true} when this version of AMB ships the adapter */
    public boolean isAvailable() {
        return available;
    }

    /** @return the property value, e.g. {@code memory} */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the accepted values, comma separated */
    static String allValues() {
        return Arrays.stream(values()).map(BrokerType::value).collect(Collectors.joining(", "));
    }

    /** @return the values with an adapter in this version, comma separated */
    static String availableValues() {
        return Arrays.stream(values()).filter(BrokerType::isAvailable).map(BrokerType::value)
            .collect(Collectors.joining(", "));
    }
}
