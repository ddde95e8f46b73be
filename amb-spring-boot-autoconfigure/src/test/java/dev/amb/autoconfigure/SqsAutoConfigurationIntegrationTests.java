package dev.amb.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.broker.sqs.ElasticMq;
import dev.amb.broker.sqs.SqsBroker;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=sqs}: the broker on a client from {@code amb.sqs.*} or on the application's
 * {@link SqsAsyncClient}, and the start-up failures that name what is wrong.
 */
class SqsAutoConfigurationIntegrationTests {

    private static ElasticMq server;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
        .withPropertyValues("amb.broker=sqs", "amb.sqs.wait-time=1s", "amb.shutdown-timeout=2s",
                "amb.sqs.queue-prefix=auto" + UUID.randomUUID().toString().substring(0, 8));

    @BeforeAll
    static void startServer() {
        server = ElasticMq.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void createsTheBrokerOnAClientFromAmbSqsProperties() {
        contextRunner.withPropertyValues("amb.sqs.endpoint=" + server.endpoint(), "amb.sqs.region=eu-west-1",
                "amb.sqs.access-key-id=x", "amb.sqs.secret-access-key=y").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SqsBroker.class);
                    assertThat(context.getBean(Broker.class).name()).isEqualTo("sqs");
                    assertThat(context.getBean(Broker.class).capabilities().maxPayloadBytes()).isEqualTo(256 * 1024);
                });
    }

    @Test
    void usesTheApplicationsSqsAsyncClientAndLeavesItOpen() {
        SqsAsyncClient client = server.asyncClient();
        try {
            // no destroy method: Spring would otherwise close the AutoCloseable bean itself
            contextRunner.withBean(SqsAsyncClient.class, () -> client, definition -> definition.setDestroyMethodName(""))
                .withPropertyValues("amb.sqs.fifo=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Broker.class).capabilities().ordered()).isTrue();
                });
            assertThat(client.listQueues().join().queueUrls()).isNotNull(); // still open after the context closed
        }
        finally {
            client.close();
        }
    }

    @Test
    void missingAwsSdkFailsStartUpNamingTheDependency() {
        contextRunner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk.services.sqs")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("needs its client library on the class path: add software.amazon.awssdk:sqs");
        });
    }

    @Test
    void invalidQueuePrefixFailsStartUpNamingTheProperty() {
        contextRunner.withPropertyValues("amb.sqs.endpoint=" + server.endpoint(), "amb.sqs.region=eu-west-1",
                "amb.sqs.access-key-id=x", "amb.sqs.secret-access-key=y", "amb.sqs.queue-prefix=has.dots")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("amb.sqs.queue-prefix");
            });
    }

    @Test
    void accessKeyWithoutSecretFailsStartUpNamingBoth() {
        contextRunner.withPropertyValues("amb.sqs.endpoint=" + server.endpoint(), "amb.sqs.region=eu-west-1",
                "amb.sqs.access-key-id=x").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("amb.sqs.access-key-id and amb.sqs.secret-access-key go together");
                });
    }
}
