package dev.amb.autoconfigure;

import java.util.List;
import java.util.Map;

import org.springframework.util.ClassUtils;

/**
 * The client libraries each broker adapter needs on the class path, so that choosing a broker
 * whose library is missing fails start-up naming the dependency to add, instead of a bare "no
 * Broker bean".
 */
final class BrokerClients {

    private record Client(List<String> classes, String dependency) {
    }

    private static final Map<BrokerType, Client> CLIENTS = Map.of(
            BrokerType.NATS, new Client(List.of("io.nats.client.Connection"), "io.nats:jnats"),
            BrokerType.SQS, new Client(List.of("software.amazon.awssdk.services.sqs.SqsAsyncClient"),
                    "software.amazon.awssdk:sqs"),
            BrokerType.KAFKA, new Client(List.of("org.apache.kafka.clients.consumer.KafkaConsumer",
                    "org.springframework.kafka.core.KafkaTemplate"), "org.springframework.kafka:spring-kafka"),
            BrokerType.RABBIT, new Client(List.of("com.rabbitmq.client.ConnectionFactory",
                    "org.springframework.amqp.rabbit.connection.AbstractConnectionFactory"),
                    "org.springframework.boot:spring-boot-starter-amqp"),
            BrokerType.REDIS, new Client(List.of("io.lettuce.core.RedisClient",
                    "org.springframework.data.redis.connection.RedisConnectionFactory"),
                    "org.springframework.boot:spring-boot-starter-data-redis"));

    private BrokerClients() {
    }

    /**
     * @param type the chosen broker
     * @param classLoader the application's class loader
     * @return the dependency to add, or {@code null} when the client library is present
     */
    static String missingDependency(BrokerType type, ClassLoader classLoader) {
        Client client = CLIENTS.get(type);
        if (client == null) {
            return null;
        }
        boolean present = client.classes().stream().allMatch(name -> ClassUtils.isPresent(name, classLoader));
        return present ? null : client.dependency();
    }
}
