package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.amb.MessageBus;
import dev.amb.broker.rabbit.RabbitBroker;
import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresRabbit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=rabbit} starts a working bus on the local RabbitMQ server, through
 * {@code amb.rabbit.url} or the application's {@code spring.rabbitmq.*} connection, and fails
 * start-up clearly (without the password) when the server cannot be reached.
 */
@RequiresRabbit
class RabbitAutoConfigurationIntegrationTests {

    private static final String EXCHANGE = "ambtest-autoconf-" + UUID.randomUUID().toString().substring(0, 8);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
        .withPropertyValues("amb.rabbit.exchange=" + EXCHANGE, "amb.shutdown-timeout=2s");

    @Test
    void ambBrokerRabbitWithAUrlStartsABusThatDeliversMessages() {
        contextRunner.withPropertyValues("amb.broker=rabbit", "amb.rabbit.url=amqp://guest:guest@127.0.0.1:5672/")
            .run(context -> {
                assertThat(context).hasSingleBean(RabbitBroker.class);
                assertRoundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void environmentVariablesSelectRabbitmqAndItsUrl() {
        contextRunner.withInitializer(context -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of("AMB_BROKER", "rabbitmq", "AMB_RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))))
            .run(context -> {
                assertThat(context).hasSingleBean(RabbitBroker.class);
                assertRoundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void usesTheSpringRabbitmqConnectionSettingsWithoutAUrl() {
        ApplicationContextRunner withBoot = contextRunner
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class))
            .withPropertyValues("amb.broker=rabbit", "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=5672");
        withBoot.run(context -> {
            assertThat(context).hasSingleBean(RabbitBroker.class)
                .hasSingleBean(org.springframework.amqp.rabbit.connection.ConnectionFactory.class);
            assertRoundTrip(context.getBean(MessageBus.class));
        });
        // the proof that the settings come from spring.rabbitmq.*: a wrong password there fails start-up
        withBoot.withPropertyValues("spring.rabbitmq.password=not-the-password").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().message().doesNotContain("not-the-password");
            assertThat(messages(context.getStartupFailure())).contains("Could not connect to RabbitMQ at amqp://127.0.0.1:5672/")
                .doesNotContain("not-the-password");
        });
    }

    @Test
    void unreachableServerFailsStartUpNamingItWithoutThePassword() {
        contextRunner.withPropertyValues("amb.broker=rabbit", "amb.rabbit.url=amqp://guest:s3cret-pw@127.0.0.1:1/")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(messages(context.getStartupFailure())).contains("Could not connect to RabbitMQ at amqp://127.0.0.1:1/")
                    .doesNotContain("s3cret-pw");
            });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static void assertRoundTrip(MessageBus bus) {
        String topic = KitSupport.namespace() + ".autoconf";
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe(topic, String.class, message -> received.add(message.data()));
        bus.publish(topic, "over RabbitMQ").join();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received.equals(List.of("over RabbitMQ")));
    }

    @AfterAll
    static void deleteExchange() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.exchangeDelete(EXCHANGE);
        }
    }
}
