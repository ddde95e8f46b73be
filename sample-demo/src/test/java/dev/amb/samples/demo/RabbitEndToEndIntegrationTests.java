package dev.amb.samples.demo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.amb.kit.RequiresRabbit;

/**
 * The supervisor and two workers as separate Spring application contexts that share nothing but
 * a real RabbitMQ server: each opens its own connections from {@code amb.broker=rabbit}, as
 * separate processes do. The agents use an exchange of this class's own; their group queues expire
 * a minute after the agents stop ({@code amb.rabbit.group-queue-expiry}) and the exchanges are
 * deleted afterwards, since the server is shared.
 */
@RequiresRabbit
class RabbitEndToEndIntegrationTests extends EndToEndRound {

    private static final String EXCHANGE = "ambtest-e2e-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    AgentSystem createSystem(String... commonProperties) {
        return AgentSystem.onBroker(BrokerAdapters.with(commonProperties, "amb.broker=rabbit",
                "amb.rabbit.url=amqp://guest:guest@127.0.0.1:5672/", "amb.rabbit.exchange=" + EXCHANGE,
                "amb.rabbit.group-queue-expiry=60s"));
    }

    @Override
    List<WorkerSpec> workers() {
        return List.of(new WorkerSpec("worker-1", "primary", 50), new WorkerSpec("worker-2", "backup", 20));
    }

    @Test
    void aRoundAcrossAgentsSharingOnlyARabbitmqServerShowsEveryPattern() throws Exception {
        runOneRoundAndCheckEveryPattern();
    }

    @AfterAll
    static void deleteExchanges() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setConnectionTimeout((int) Duration.ofSeconds(5).toMillis());
        try (Connection connection = factory.newConnection("amb-test-cleanup")) {
            for (String exchange : List.of(EXCHANGE)) {
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(exchange);
                }
            }
        }
    }
}
