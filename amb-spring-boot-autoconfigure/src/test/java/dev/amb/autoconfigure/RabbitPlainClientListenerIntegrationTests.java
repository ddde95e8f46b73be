package dev.amb.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import org.junit.jupiter.api.Test;

import dev.amb.kit.RequiresRabbit;

/**
 * A plain amqp-client publish of JSON without headers (what any AMQP client sends) to AMB's
 * exchange reaches a typed {@code @AgentListener} in an application on {@code amb.broker=rabbit}.
 */
@RequiresRabbit
class RabbitPlainClientListenerIntegrationTests extends PlainClientListenerSupport {

    @Test
    void plainPublishOfJsonReachesATypedAgentListener() {
        String topic = topic();
        String exchange = "ambtest-plain-" + UUID.randomUUID().toString().substring(0, 8);
        application(topic, "amb.broker=rabbit", "amb.rabbit.url=amqp://guest:guest@127.0.0.1:5672",
                "amb.rabbit.exchange=" + exchange).run(context -> {
                    ConnectionFactory factory = new ConnectionFactory();
                    factory.setHost("127.0.0.1");
                    try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                        channel.confirmSelect();
                        channel.basicPublish(exchange, topic, MessageProperties.MINIMAL_BASIC,
                                JSON.getBytes(StandardCharsets.UTF_8));
                        channel.waitForConfirmsOrDie(5000);
                        assertReceived(context.getBean(OrderListener.class), topic);
                        channel.exchangeDelete(exchange);
                    }
                });
    }
}
