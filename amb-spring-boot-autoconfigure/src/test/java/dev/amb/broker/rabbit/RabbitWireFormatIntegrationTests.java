package dev.amb.broker.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresRabbit;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AMB's messages as a plain amqp-client channel sees them, and a plain channel's messages as AMB
 * reads them: CloudEvents binary mode with {@code cloudEvents_} headers (and {@code cloudEvents:}
 * read too), {@code content_type} and {@code message_id} properties, the body unchanged.
 */
@RequiresRabbit
class RabbitWireFormatIntegrationTests {

    private static final RabbitTestSupport rabbit = new RabbitTestSupport();

    private final String namespace = KitSupport.namespace();

    private RabbitBroker broker;

    private Connection connection;

    private Channel channel;

    @BeforeEach
    void open() throws Exception {
        broker = rabbit.broker();
        connection = RabbitTestSupport.factory().newConnection("amb-test-plain");
        channel = connection.createChannel();
    }

    @AfterEach
    void close() throws Exception {
        channel.close();
        connection.close();
        broker.close();
    }

    @AfterAll
    static void deleteTopology() throws Exception {
        rabbit.deleteAll();
    }

    @Test
    void ambPublishIsABinaryModeCloudEventForAPlainConsumer() throws Exception {
        String topic = namespace + ".out";
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, rabbit.exchange(), topic);
        Envelope sent = Envelope.builder().id("id-1").topic(topic).source("planner").contentType("application/json")
            .time(Instant.parse("2026-11-21T10:15:30.123Z")).extension("correlationid", "c-9")
            .header("X-Tenant", "acme").header("cloudEvents_spoof", "user").header("x-death", "user's").data("{\"a\":1}".getBytes(StandardCharsets.UTF_8))
            .build();

        broker.publish(sent).join();

        GetResponse got = await(queue);
        assertThat(got.getBody()).isEqualTo(sent.data());
        assertThat(got.getEnvelope().getExchange()).isEqualTo(rabbit.exchange());
        assertThat(got.getEnvelope().getRoutingKey()).isEqualTo(topic);
        AMQP.BasicProperties properties = got.getProps();
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getMessageId()).isEqualTo("id-1");
        assertThat(properties.getCorrelationId()).isEqualTo("c-9");
        assertThat(properties.getDeliveryMode()).isEqualTo(2);
        Map<String, String> headers = new HashMap<>();
        properties.getHeaders().forEach((name, value) -> headers.put(name, value.toString()));
        assertThat(headers).containsEntry("cloudEvents_specversion", "1.0").containsEntry("cloudEvents_id", "id-1")
            .containsEntry("cloudEvents_source", "planner").containsEntry("cloudEvents_type", topic)
            .containsEntry("cloudEvents_time", "2026-11-21T10:15:30.123Z")
            .containsEntry("cloudEvents_correlationid", "c-9").containsEntry("X-Tenant", "acme")
            .containsEntry("amb-h-cloudEvents_spoof", "user").doesNotContainKey("cloudEvents_spoof")
            .containsEntry("amb-h-x-death", "user's").doesNotContainKey("x-death");
    }

    @Test
    void plainPublishWithColonPrefixedAttributesIsReadByAmb() throws Exception {
        String topic = namespace + ".in";
        List<Envelope> received = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("in", topic, null, 1), delivery -> {
            received.add(delivery.envelope());
            delivery.ack();
        });
        Map<String, Object> headers = new HashMap<>();
        headers.put("cloudEvents:specversion", "1.0");
        headers.put("cloudEvents:id", "plain-1");
        headers.put("cloudEvents:source", "urn:plain");
        headers.put("cloudEvents:type", "com.example.ignored");
        headers.put("cloudEvents:time", "2026-11-21T10:15:30Z");
        headers.put("cloudEvents:traceparent", "00-abc-def-01");
        headers.put("priority", 7);
        headers.put("x-death", "dropped");
        headers.put("x-trace", "kept");
        byte[] body = "{\"task\":\"plain\"}".getBytes(StandardCharsets.UTF_8);

        channel.basicPublish(rabbit.exchange(), topic, new AMQP.BasicProperties.Builder().contentType("application/json")
            .headers(headers).build(), body);

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
        Envelope envelope = received.get(0);
        assertThat(envelope.topic()).isEqualTo(topic);
        assertThat(envelope.id()).isEqualTo("plain-1");
        assertThat(envelope.source()).isEqualTo("urn:plain");
        assertThat(envelope.time()).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
        assertThat(envelope.contentType()).isEqualTo("application/json");
        assertThat(envelope.extensions()).containsEntry("traceparent", "00-abc-def-01");
        assertThat(envelope.headers()).isEqualTo(Map.of("priority", "7", "x-trace", "kept"));
        assertThat(envelope.data()).isEqualTo(body);
    }

    @Test
    void plainPublishWithoutHeadersTakesTheMessageIdPropertyOrAGeneratedOne() throws Exception {
        String topic = namespace + ".bare";
        List<Envelope> received = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("bare", topic, "bare", 1), delivery -> {
            received.add(delivery.envelope());
            delivery.ack();
        });
        channel.basicPublish(rabbit.exchange(), topic, new AMQP.BasicProperties.Builder().messageId("m-7").build(),
                "one".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish(rabbit.exchange(), topic, null, "two".getBytes(StandardCharsets.UTF_8));

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
        assertThat(received.get(0).id()).isEqualTo("m-7");
        assertThat(received.get(1).id()).isNotBlank().isNotEqualTo("m-7");
        assertThat(received).allSatisfy(envelope -> {
            assertThat(envelope.topic()).isEqualTo(topic);
            assertThat(envelope.source()).isNull();
            assertThat(envelope.headers()).isEmpty();
        });
    }

    private GetResponse await(String queue) {
        GetResponse[] got = new GetResponse[1];
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> (got[0] = channel.basicGet(queue, true)) != null);
        return got[0];
    }
}
