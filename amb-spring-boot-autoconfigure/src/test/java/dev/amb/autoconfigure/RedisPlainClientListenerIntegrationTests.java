package dev.amb.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import dev.amb.kit.RequiresBroker;

/**
 * A plain {@code PUBLISH} of JSON (what {@code redis-cli} sends) reaches a typed
 * {@code @AgentListener} in an application on {@code amb.broker=redis}.
 */
@RequiresBroker(name = "Redis", port = 6379, startCommand = "redis-server --daemonize yes --port 6379")
class RedisPlainClientListenerIntegrationTests extends PlainClientListenerSupport {

    @Test
    void plainPublishOfJsonReachesATypedAgentListener() {
        String topic = topic();
        application(topic, "amb.broker=redis", "amb.redis.url=redis://127.0.0.1:6379").run(context -> {
            RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().publish(topic, JSON);
            }
            finally {
                client.shutdown();
            }
            assertReceived(context.getBean(OrderListener.class), topic);
        });
    }
}
