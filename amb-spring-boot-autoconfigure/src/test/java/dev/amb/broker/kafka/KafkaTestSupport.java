package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An embedded KRaft Kafka broker (spring-kafka-test) for one test class, and AMB Kafka brokers
 * on it tuned for tests: quick topic discovery, short group timeouts.
 */
public final class KafkaTestSupport {

    private static EmbeddedKafkaKraftBroker shared;

    private KafkaTestSupport() {
    }

    /**
     * One embedded broker for every Kafka test class of this JVM that does not stop its broker,
     * started on first use and destroyed when the JVM exits.
     * @return the bootstrap servers of the shared broker
     */
    public static synchronized String sharedServers() {
        if (shared == null) {
            EmbeddedKafkaKraftBroker broker = startEmbedded();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
            shared = broker;
        }
        return shared.getBrokersAsString();
    }

    /**
     * Starts an embedded single-node KRaft cluster that creates no topic by itself, so that AMB's
     * own topic creation is what the tests exercise.
     * @return the started broker; destroy it after the class
     */
    public static EmbeddedKafkaKraftBroker startEmbedded() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "group.min.session.timeout.ms", "1000",
                "offsets.topic.num.partitions", "5", "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        return broker;
    }

    /**
     * @param servers the bootstrap servers
     * @return settings for tests on the embedded broker
     */
    static KafkaBrokerSettings.Builder settings(String servers) {
        return KafkaBrokerSettings.builder(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers))
            .partitions(3)
            .topicDiscoveryInterval(Duration.ofMillis(300))
            .sessionTimeout(Duration.ofSeconds(6))
            .heartbeatInterval(Duration.ofMillis(500))
            .connectTimeout(Duration.ofSeconds(20))
            .shutdownTimeout(Duration.ofSeconds(5));
    }
}
