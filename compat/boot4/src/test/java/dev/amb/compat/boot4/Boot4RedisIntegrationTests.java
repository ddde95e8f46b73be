package dev.amb.compat.boot4;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.MessageBus;
import dev.amb.autoconfigure.AmbAutoConfiguration;
import dev.amb.broker.redis.RedisBroker;
import dev.amb.kit.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=redis} on Spring Boot 4 (its Data Redis auto-configuration moved to
 * {@code spring-boot-data-redis}, on Spring Data Redis 4): AMB uses the application's connection
 * factory, against the local Redis.
 */
@RequiresRedis
class Boot4RedisIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
                AmbAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379", "amb.broker=redis",
                "amb.shutdown-timeout=2s");

    @Test
    void usesTheApplicationsConnectionFactory() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            RedisBroker broker = context.getBean(RedisBroker.class);
            assertThat(broker.connector().isOwned()).isFalse();
            assertThat(broker.connector().description()).contains("127.0.0.1:6379");
            RoundTrip.assertRoundTrip(context.getBean(MessageBus.class), "over Redis on Boot 4");
        });
    }

    @Test
    void streamsWorkOnSpringDataRedis4() {
        contextRunner.withPropertyValues("amb.redis.use-streams=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RedisBroker.class).capabilities().durable()).isTrue();
            RoundTrip.assertRoundTrip(context.getBean(MessageBus.class), "over Redis Streams on Boot 4");
        });
    }
}
