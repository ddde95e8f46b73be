package dev.amb.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.Message;
import dev.amb.annotation.AgentListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message published as plain JSON by a plain client (no CloudEvents attributes: what
 * {@code redis-cli PUBLISH} or {@code nats pub} send) reaches a typed {@code @AgentListener} in an
 * application on that broker. The broker-specific test classes extend this.
 */
abstract class PlainClientListenerSupport {

    record Order(String id, int quantity, Instant placedAt) {
    }

    static class OrderListener {

        final List<Message<Order>> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "${test.topic}")
        void onOrder(Message<Order> order) {
            received.add(order);
        }
    }

    static final String JSON = "{\"id\":\"o-1\",\"quantity\":3,\"placedAt\":\"2026-11-21T12:00:00Z\"}";

    static final Order EXPECTED = new Order("o-1", 3, Instant.parse("2026-11-21T12:00:00Z"));

    static ApplicationContextRunner application(String topic, String... properties) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
            .withPropertyValues("test.topic=" + topic, "amb.shutdown-timeout=2s")
            .withPropertyValues(properties)
            .withBean(OrderListener.class);
    }

    static void assertReceived(OrderListener listener, String topic) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> listener.received.size() == 1);
        Message<Order> message = listener.received.get(0);
        assertThat(message.data()).isEqualTo(EXPECTED);
        assertThat(message.topic()).isEqualTo(topic);
        assertThat(message.sender()).isNull();
    }

    static String topic() {
        return "plain" + UUID.randomUUID().toString().substring(0, 8) + ".orders";
    }
}
