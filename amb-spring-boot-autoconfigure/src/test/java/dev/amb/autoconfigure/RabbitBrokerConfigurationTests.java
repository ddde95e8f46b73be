package dev.amb.autoconfigure;

import java.util.List;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the RabbitMQ broker's connection settings come from, read without a server.
 */
class RabbitBrokerConfigurationTests {

    @Test
    void urlGivesHostPortVirtualHostAndCredentials() {
        ConnectionFactory factory = RabbitBrokerConfiguration.connectionFactory("amqp://agent:pw@rabbit.local:5673/agents",
                List.of());
        assertThat(factory.getHost()).isEqualTo("rabbit.local");
        assertThat(factory.getPort()).isEqualTo(5673);
        assertThat(factory.getVirtualHost()).isEqualTo("agents");
        assertThat(factory.getUsername()).isEqualTo("agent");
        assertThat(factory.getPassword()).isEqualTo("pw");
        assertThat(factory.isSSL()).isFalse();
    }

    @Test
    void amqpsUrlTurnsOnTlsOnPort5671ByDefault() {
        ConnectionFactory factory = RabbitBrokerConfiguration.connectionFactory("amqps://agent:pw@rabbit.local/", List.of());
        assertThat(factory.isSSL()).isTrue();
        assertThat(factory.getPort()).isEqualTo(5671);
        assertThat(factory.getVirtualHost()).isEqualTo("/");
        assertThat(RabbitBrokerConfiguration.connectionFactory("amqp://h/%2Fagents", List.of()).getVirtualHost())
            .isEqualTo("/agents");
    }

    @Test
    void urlTakesPrecedenceOverTheApplicationsConnectionFactory() {
        CachingConnectionFactory spring = new CachingConnectionFactory("spring.local", 5999);
        assertThat(RabbitBrokerConfiguration.connectionFactory("amqp://localhost", List.of(spring)).getHost())
            .isEqualTo("localhost");
        assertThat(RabbitBrokerConfiguration.connectionFactory(null, List.of(spring)).getPort()).isEqualTo(5999);
        assertThat(RabbitBrokerConfiguration.connectionFactory(null, List.of()).getHost()).isEqualTo("localhost");
        spring.destroy();
    }

    @Test
    void severalApplicationConnectionFactoriesWithoutAUrlFailInsteadOfGuessing() {
        CachingConnectionFactory one = new CachingConnectionFactory("one.local");
        CachingConnectionFactory two = new CachingConnectionFactory("two.local");
        assertThatThrownBy(() -> RabbitBrokerConfiguration.connectionFactory(null, List.of(one, two)))
            .isInstanceOf(InvalidAmbPropertyException.class).hasMessageContaining("set amb.rabbit.url");
        one.destroy();
        two.destroy();
    }

    @Test
    void invalidUrlFailsWithoutPrintingThePassword() {
        assertThatThrownBy(() -> RabbitBrokerConfiguration.connectionFactory("http://agent:s3cret@host/", List.of()))
            .isInstanceOf(InvalidAmbPropertyException.class)
            .hasMessageContaining("amb.rabbit.url")
            .hasMessageContaining("agent:****@host")
            .hasMessageNotContaining("s3cret");
    }

    @Test
    void missingClientLibraryFailsStartUpNamingTheDependency() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
            .withPropertyValues("amb.broker=rabbitmq")
            .withClassLoader(new FilteredClassLoader("com.rabbitmq", "org.springframework.amqp"))
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("needs its client library on the class path: add"
                            + " org.springframework.boot:spring-boot-starter-amqp");
            });
    }

    @Test
    void invalidExchangeNameFailsNamingTheProperty() {
        AmbProperties properties = new AmbProperties();
        properties.getRabbit().setExchange("amq.topic");
        assertThatThrownBy(() -> RabbitBrokerConfiguration.settings(properties))
            .hasMessageContaining("amb.rabbit.exchange");
    }
}
