package dev.amb.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import dev.amb.kit.RequiresNats;

/**
 * A plain jnats publish of JSON without headers (what {@code nats pub} sends) reaches a typed
 * {@code @AgentListener} in an application on {@code amb.broker=nats}.
 */
@RequiresNats
class NatsPlainClientListenerIntegrationTests extends PlainClientListenerSupport {

    @Test
    void plainPublishOfJsonReachesATypedAgentListener() {
        String topic = topic();
        application(topic, "amb.broker=nats", "amb.nats.url=nats://127.0.0.1:4222").run(context -> {
            // not try-with-resources: Connection.close() throws InterruptedException (-Xlint:try)
            Connection connection = Nats.connect("nats://127.0.0.1:4222");
            try {
                connection.publish(topic, JSON.getBytes(StandardCharsets.UTF_8));
                connection.flush(Duration.ofSeconds(5));
            }
            finally {
                connection.close();
            }
            assertReceived(context.getBean(OrderListener.class), topic);
        });
    }
}
