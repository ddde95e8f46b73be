package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.amb.MessageBus;
import dev.amb.broker.nats.NatsBroker;
import dev.amb.broker.nats.NatsContentMode;
import dev.amb.broker.nats.NatsJetStreamBroker;
import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresNatsJetStream;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=nats} starts a working bus on the local NATS server, in both modes.
 */
@RequiresNatsJetStream
class NatsAutoConfigurationIntegrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
        .withPropertyValues("amb.nats.url=nats://127.0.0.1:4222", "amb.shutdown-timeout=2s");

    @Test
    void ambBrokerNatsStartsACoreNatsBusThatDeliversMessages() {
        contextRunner.withPropertyValues("amb.broker=nats", "amb.agent.id=nats-agent").run(context -> {
            assertThat(context).hasSingleBean(NatsBroker.class).hasSingleBean(Connection.class);
            assertThat(context.getBean(Connection.class).getOptions().getConnectionName()).isEqualTo("nats-agent");
            assertRoundTrip(context.getBean(MessageBus.class));
        });
    }

    @Test
    void environmentVariablesOfThePythonAmbSelectNatsAndItsUrl() {
        contextRunner.withInitializer(context -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of("AMB_BROKER", "nats", "AMB_NATS_URL", "nats://127.0.0.1:4222,nats://localhost:4222"))))
            .run(context -> {
                assertThat(context).hasSingleBean(NatsBroker.class);
                assertThat(context.getBean(Connection.class).getOptions().getServers()).hasSize(2);
                assertRoundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void jetstreamPropertyStartsAJetStreamBusOnTheConfiguredStream() {
        contextRunner.withPropertyValues("amb.broker=nats", "amb.nats.jetstream=true", "amb.nats.stream-name=AMB_AUTOCONF",
                "amb.nats.subject-prefix=ambautoconf", "amb.nats.stream-max-age=1h", "amb.nats.ack-wait=10s")
            .run(context -> {
                NatsJetStreamBroker broker = context.getBean(NatsJetStreamBroker.class);
                assertThat(broker.streamSettings().streamSubjects()).containsExactly("ambautoconf.>");
                assertThat(broker.streamSettings().ackWait()).isEqualTo(Duration.ofSeconds(10));
                assertThat(broker.connection().jetStreamManagement().getStreamInfo("AMB_AUTOCONF").getConfiguration()
                    .getSubjects()).containsExactly("ambautoconf.>");
                assertRoundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void contentModeStructuredIsWrittenByTheCoreAndTheJetStreamBroker() {
        contextRunner.withPropertyValues("amb.broker=nats", "amb.nats.content-mode=structured").run(context -> {
            assertThat(context.getBean(NatsBroker.class).settings().contentMode()).isEqualTo(NatsContentMode.STRUCTURED);
            Connection connection = context.getBean(Connection.class);
            String topic = KitSupport.namespace() + ".structured";
            Subscription raw = connection.subscribe(topic);
            connection.flush(Duration.ofSeconds(5));
            context.getBean(MessageBus.class).publish(topic, "structured").join();
            Message message = raw.nextMessage(Duration.ofSeconds(20));
            assertThat(message.getHeaders().getFirst("Content-Type")).isEqualTo("application/cloudevents+json");
            assertRoundTrip(context.getBean(MessageBus.class));
        });
        contextRunner.withPropertyValues("amb.broker=nats", "amb.nats.jetstream=true", "amb.nats.stream-name=AMB_AUTOCONF",
                "amb.nats.subject-prefix=ambautoconf", "amb.nats.stream-max-age=1h", "amb.nats.content-mode=STRUCTURED")
            .run(context -> {
                assertThat(context.getBean(NatsJetStreamBroker.class).settings().contentMode())
                    .isEqualTo(NatsContentMode.STRUCTURED);
                assertRoundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void contentModeDefaultsToBinaryAndAnUnknownOneFailsStartUpNamingTheProperty() {
        contextRunner.withPropertyValues("amb.broker=nats").run(context -> assertThat(
                context.getBean(NatsBroker.class).settings().contentMode()).isEqualTo(NatsContentMode.BINARY));
        contextRunner.withPropertyValues("amb.broker=nats", "amb.nats.content-mode=xml").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("amb.nats.content-mode")
                .hasStackTraceContaining("xml");
        });
    }

    @Test
    void usesTheApplicationsConnectionAndLeavesItOpen() {
        contextRunner.withPropertyValues("amb.broker=nats").withUserConfiguration(OwnConnection.class).run(context -> {
            Connection own = context.getBean(Connection.class);
            assertThat(context.getBean(NatsBroker.class).connection()).isSameAs(own);
            context.getBean(Broker.class).close();
            assertThat(own.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        });
    }

    private static void assertRoundTrip(MessageBus bus) {
        String topic = KitSupport.namespace() + ".autoconf";
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe(topic, String.class, message -> received.add(message.data()));
        bus.publish(topic, "over NATS").join();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received.equals(List.of("over NATS")));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConnection {

        @Bean(destroyMethod = "close")
        Connection applicationNatsConnection() throws Exception {
            return Nats.connect("nats://127.0.0.1:4222");
        }
    }
}
