package dev.amb.broker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AMB's records read by non-AMB readers: a plain {@link KafkaConsumer} sees readable JSON and the
 * {@code ce_} headers, and the CloudEvents SDK's Kafka deserializer reads them as CloudEvents.
 */
class KafkaWireFormatIntegrationTests {

    record Order(String id, int quantity) {
    }

    private final String topic = KitSupport.namespace() + ".orders";

    private final KafkaBroker broker = new KafkaBroker(KafkaTestSupport.settings(KafkaTestSupport.sharedServers())
        .partitions(1).build());

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker).agentId("order-agent")
        .serializer(new JsonMessageSerializer()).build();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    private void publishOrder() {
        bus.publish(topic, new Order("o-7", 2), Map.of("tenant", "acme")).join();
    }

    private <V> List<ConsumerRecord<String, V>> readAll(Deserializer<V> values, int expected) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.sharedServers());
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), values)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            return records;
        }
    }

    @Test
    void plainConsumerSeesReadableJsonAndCeHeaders() throws Exception {
        publishOrder();

        ConsumerRecord<String, byte[]> record = readAll(new ByteArrayDeserializer(), 1).get(0);

        JsonNode json = new ObjectMapper().readTree(new String(record.value(), StandardCharsets.UTF_8));
        assertThat(json.get("id").asText()).isEqualTo("o-7");
        assertThat(json.get("quantity").asInt()).isEqualTo(2);
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("ce_specversion", "1.0")
            .containsEntry("ce_type", topic)
            .containsEntry("ce_source", "order-agent")
            .containsEntry("content-type", "application/json")
            .containsEntry("tenant", "acme")
            .containsKeys("ce_id", "ce_time");
        assertThat(record.key()).isNull();
    }

    @Test
    void cloudEventsSdkKafkaDeserializerReadsAmbRecords() {
        publishOrder();

        ConsumerRecord<String, CloudEvent> record = readAll(new CloudEventDeserializer(), 1).get(0);

        CloudEvent event = record.value();
        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getType()).isEqualTo(topic);
        assertThat(event.getSource().toString()).isEqualTo("order-agent");
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getTime()).isNotNull();
        assertThat(UUID.fromString(event.getId())).isNotNull();
        assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).contains("\"o-7\"");
    }
}
