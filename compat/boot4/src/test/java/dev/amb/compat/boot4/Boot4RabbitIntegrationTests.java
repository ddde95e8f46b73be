package dev.amb.compat.boot4;

import org.junit.jupiter.api.Test;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.MessageBus;
import dev.amb.autoconfigure.AmbAutoConfiguration;
import dev.amb.broker.rabbit.RabbitBroker;
import dev.amb.kit.RequiresRabbit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=rabbit} on Spring Boot 4 (its RabbitMQ auto-configuration moved to
 * {@code spring-boot-amqp}, on Spring AMQP 4): AMB takes the connection settings of the
 * application's Spring AMQP connection factory, against the local RabbitMQ.
 */
@RequiresRabbit
class Boot4RabbitIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
                AmbAutoConfiguration.class))
        .withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=5672", "amb.broker=rabbit",
                "amb.shutdown-timeout=2s");

    @Test
    void usesTheApplicationsConnectionSettings() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RabbitBroker.class);
            RoundTrip.assertRoundTrip(context.getBean(MessageBus.class), "over RabbitMQ on Boot 4");
        });
    }
}
