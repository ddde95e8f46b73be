package dev.amb.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.amb.broker.redis.RedisTestSupport;
import dev.amb.kit.RequiresRedis;

/**
 * A plain {@code PUBLISH} of JSON (what {@code redis-cli} sends) reaches a typed
 * {@code @AgentListener} in an application on {@code amb.broker=redis}.
 */
@RequiresRedis
class RedisPlainClientListenerIntegrationTests extends PlainClientListenerSupport {

    @Test
    void plainPublishOfJsonReachesATypedAgentListener() {
        String topic = topic();
        application(topic, "amb.broker=redis", "amb.redis.url=redis://127.0.0.1:6379").run(context -> {
            RedisTestSupport.withRedis(redis -> redis.publish(topic, JSON));
            assertReceived(context.getBean(OrderListener.class), topic);
        });
    }
}
