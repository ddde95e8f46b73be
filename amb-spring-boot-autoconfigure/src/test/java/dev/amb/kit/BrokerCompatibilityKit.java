package dev.amb.kit;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.amb.core.DefaultMessageBus;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker compatibility kit: the behaviour every AMB broker must show, checked against a real
 * broker. An adapter's {@code *IntegrationTests} extends this class, says how to create its
 * broker and which capabilities it has, and inherits every contract:
 *
 * <pre>{@code
 * class RedisPubSubBrokerIntegrationTests extends BrokerCompatibilityKit {
 *     protected Broker createBroker() { return new RedisBroker(...); }
 *     protected BrokerCapabilities expectedCapabilities() { return ...; }
 * }
 * }</pre>
 *
 * <p>The contracts live in interfaces with default test methods, one per concern, as Watermill's
 * universal test suite does; each test works in a fresh namespace of topics on a fresh broker
 * instance, so the kit can run against a shared server.
 *
 * <p>Published in the autoconfigure module's test-jar.
 */
public abstract class BrokerCompatibilityKit implements PublishSubscribeContract, WildcardContract, GroupContract,
        LifecycleContract, RequestReplyContract, ReliabilityContract {

    private KitContext context;

    /**
     * Creates a new, connected broker for one test.
     * @return the broker
     * @throws Exception when it cannot be created
     */
    protected abstract Broker createBroker() throws Exception;

    /** @return the capabilities the broker must report */
    protected abstract BrokerCapabilities expectedCapabilities();

    /** @return how long a test waits for deliveries; network brokers may need more */
    protected Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Adjusts every bus the kit creates (for example to shorten retry delays).
     * @param builder the bus builder
     * @return the builder
     */
    protected DefaultMessageBus.Builder customizeBus(DefaultMessageBus.Builder builder) {
        return builder;
    }

    @BeforeEach
    void openKit() throws Exception {
        UnaryOperator<DefaultMessageBus.Builder> customizer = this::customizeBus;
        context = new KitContext(createBroker(), expectedCapabilities(), timeout(), customizer);
    }

    @AfterEach
    void closeKit() {
        if (context != null) {
            context.close();
        }
    }

    @Override
    public KitContext kit() {
        return context;
    }

    @Test
    void brokerReportsTheExpectedCapabilities() {
        assertThat(kit().broker().capabilities()).isEqualTo(expectedCapabilities());
    }
}
