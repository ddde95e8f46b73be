package dev.amb.compat.boot4;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.MessageBus;
import dev.amb.autoconfigure.AmbAutoConfiguration;
import dev.amb.broker.kafka.KafkaBroker;
import dev.amb.broker.kafka.KafkaTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=kafka} on Spring Boot 4, whose Kafka auto-configuration moved to
 * {@code org.springframework.boot.kafka.autoconfigure}: AMB takes the application's
 * {@code spring.kafka.*} settings from the {@code KafkaAdmin} Boot 4 creates, on the embedded
 * KRaft broker (spring-kafka-test 4).
 */
class Boot4KafkaIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
                AmbAutoConfiguration.class))
        .withPropertyValues("amb.broker=kafka", "amb.shutdown-timeout=2s", "amb.kafka.connect-timeout=20s");

    @Test
    void usesTheApplicationsSpringKafkaConfiguration() {
        String servers = KafkaTestSupport.sharedServers();
        contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=" + servers, "spring.kafka.client-id=boot4-app")
            .run(context -> {
                assertThat(context).hasNotFailed();
                KafkaBroker broker = context.getBean(KafkaBroker.class);
                assertThat(broker.settings().servers()).isEqualTo(servers);
                assertThat(broker.settings().clientProperties()).containsEntry("client.id", "boot4-app");
                RoundTrip.assertRoundTrip(context.getBean(MessageBus.class), "over Kafka on Boot 4");
            });
    }
}
