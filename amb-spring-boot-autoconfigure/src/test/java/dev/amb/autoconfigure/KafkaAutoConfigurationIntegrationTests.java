package dev.amb.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.MessageBus;
import dev.amb.broker.kafka.KafkaBroker;
import dev.amb.broker.kafka.KafkaTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=kafka} on the embedded KRaft broker: the application's {@code spring.kafka.*}
 * configuration is used, {@code amb.kafka.brokers} overrides it, and start-up fails clearly when
 * spring-kafka is missing or Kafka cannot be reached.
 */
class KafkaAutoConfigurationIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
                AmbAutoConfiguration.class))
        .withPropertyValues("amb.broker=kafka", "amb.shutdown-timeout=2s", "amb.kafka.connect-timeout=20s");

    @Test
    void usesTheApplicationsSpringKafkaConfiguration() {
        String servers = KafkaTestSupport.sharedServers();
        contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=" + servers, "spring.kafka.client-id=orders-app")
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(KafkaBroker.class);
                KafkaBroker broker = context.getBean(KafkaBroker.class);
                assertThat(broker.settings().servers()).isEqualTo(servers);
                assertThat(broker.settings().clientProperties()).containsEntry("client.id", "orders-app");
                roundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void ambKafkaBrokersOverridesSpringKafka() throws IOException {
        String servers = KafkaTestSupport.sharedServers();
        contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort(),
                "amb.kafka.brokers=" + servers, "amb.kafka.partitions=2", "amb.kafka.topic-prefix=app.")
            .run(context -> {
                assertThat(context).hasNotFailed();
                KafkaBroker broker = context.getBean(KafkaBroker.class);
                assertThat(broker.settings().servers()).isEqualTo(servers);
                assertThat(broker.settings().partitions()).isEqualTo(2);
                assertThat(broker.settings().topicPrefix()).isEqualTo("app.");
                roundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void unreachableKafkaFailsStartUpWithinTheConnectTimeoutNamingTheServersButNoPassword() throws IOException {
        String servers = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();
        contextRunner.withPropertyValues("amb.kafka.brokers=" + servers, "amb.kafka.connect-timeout=2s",
                "amb.kafka.sasl-mechanism=PLAIN", "amb.kafka.sasl-username=agent",
                "amb.kafka.sasl-password=s3cr3t-pw", "amb.kafka.security-protocol=SASL_PLAINTEXT")
            .run(context -> {
                assertThat(context).hasFailed();
                Throwable failure = context.getStartupFailure();
                StringBuilder messages = new StringBuilder();
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains("Could not reach Kafka at " + servers, "amb.kafka.brokers")
                    .doesNotContain("s3cr3t-pw");
            });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void missingSpringKafkaFailsStartUpNamingTheDependency() {
        contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.kafka"))
            .run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new AmbPropertyFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("org.springframework.kafka:spring-kafka");
            });
    }

    @Test
    void invalidKafkaSettingFailsStartUpNamingIt() {
        contextRunner.withPropertyValues("amb.kafka.brokers=" + KafkaTestSupport.sharedServers(),
                "amb.kafka.auto-offset-reset=sometimes")
            .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("auto-offset-reset"));
    }

    private static void roundTrip(MessageBus bus) {
        List<String> received = new CopyOnWriteArrayList<>();
        String topic = "autoconf" + System.nanoTime() + ".greetings";
        bus.subscribe(topic, String.class, message -> received.add(message.data()));
        bus.publish(topic, "hello kafka").join();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("hello kafka"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
