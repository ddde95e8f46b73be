package dev.amb.autoconfigure;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;

import dev.amb.broker.kafka.KafkaTestSupport;

/**
 * A plain {@link KafkaProducer} sending JSON without headers (what {@code kafka-console-producer}
 * sends) reaches a typed {@code @AgentListener} in an application on {@code amb.broker=kafka}
 * configured through {@code spring.kafka.bootstrap-servers}.
 */
class KafkaPlainClientListenerIntegrationTests extends PlainClientListenerSupport {

    @Test
    void plainProducerJsonReachesATypedAgentListener() {
        String topic = topic();
        String servers = KafkaTestSupport.sharedServers();
        application(topic, "amb.broker=kafka", "spring.kafka.bootstrap-servers=" + servers)
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
            .run(context -> {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
                        new StringSerializer())) {
                    producer.send(new ProducerRecord<>(topic, JSON)).get();
                }
                assertReceived(context.getBean(OrderListener.class), topic);
            });
    }
}
