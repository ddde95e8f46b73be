package dev.amb.broker.rabbit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Brokers on the local RabbitMQ server (127.0.0.1:5672, guest/guest) for the RabbitMQ integration
 * tests. Every broker a test class creates uses an exchange of that class's own (so its queues,
 * which are named after the exchange, are too); {@link #deleteAll()} deletes every queue and
 * exchange they declared, since the server is shared and durable queues outlive the test.
 */
final class RabbitTestSupport {

    static final int PORT = 5672;

    private final String exchange = "ambtest-" + UUID.randomUUID().toString().substring(0, 8);

    private final Set<String> queues = ConcurrentHashMap.newKeySet();

    private final Set<String> exchanges = ConcurrentHashMap.newKeySet();

    String exchange() {
        return exchange;
    }

    static ConnectionFactory factory() {
        return factory(PORT);
    }

    static ConnectionFactory factory(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(5000);
        return factory;
    }

    static RabbitSettings settings(String exchange) {
        return RabbitSettings.defaults().withExchange(exchange).withShutdownGrace(Duration.ofSeconds(5));
    }

    RabbitBroker broker() {
        return broker(RabbitSettings.QueueType.QUORUM);
    }

    RabbitBroker broker(RabbitSettings.QueueType type) {
        return track(RabbitBroker.connect(factory(), settings(exchange).withQueueType(type)));
    }

    RabbitBroker broker(RabbitSettings settings, int port) {
        return track(RabbitBroker.connect(factory(port), settings));
    }

    RabbitSettings settings() {
        return settings(exchange);
    }

    /** Records what a broker declares, so that {@link #deleteAll()} can remove it. */
    RabbitBroker track(RabbitBroker broker) {
        broker.topology().onDeclare((kind, name) -> (kind.equals("queue") ? queues : exchanges).add(name));
        exchanges.add(broker.settings().exchange());
        return broker;
    }

    /** Deletes every queue and exchange the tracked brokers declared. */
    void deleteAll() throws IOException, TimeoutException {
        try (Connection connection = factory().newConnection("amb-test-cleanup")) {
            for (String queue : List.copyOf(queues)) {
                delete(connection, channel -> channel.queueDelete(queue));
            }
            for (String name : List.copyOf(exchanges)) {
                delete(connection, channel -> channel.exchangeDelete(name));
            }
        }
        queues.clear();
        exchanges.clear();
    }

    private static void delete(Connection connection, Deletion deletion) throws IOException {
        try (Channel channel = connection.createChannel()) {
            deletion.delete(channel);
        }
        catch (IOException | TimeoutException | RuntimeException ex) {
            // already gone
        }
    }

    @FunctionalInterface
    private interface Deletion {
        void delete(Channel channel) throws IOException;
    }
}
