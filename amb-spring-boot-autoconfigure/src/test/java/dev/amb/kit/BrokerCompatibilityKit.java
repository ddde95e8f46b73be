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
        GroupSemanticsContract, SlowConsumerContract, PausedMemberContract, CapabilityContract, LifecycleContract,
        RequestReplyContract, ReliabilityContract, ShutdownContract, SigningContract, AccessPolicyContract, TracingContract,
        FuzzContract, ConnectionHealthContract {

    private KitContext context;

    /**
     * Creates a new, connected broker for one test.
     * @return the broker
     * @throws Exception when it cannot be created
     */
    protected abstract Broker createBroker() throws Exception;

    /**
     * Creates a new, connected broker whose redelivery deadline is {@code redeliveryDeadline}: the
     * time after which the broker hands a message a consumer holds unacknowledged to a consumer
     * again (JetStream {@code ack-wait}, the Redis Streams claim idle time, the SQS visibility
     * timeout). Brokers that never take back a message a live consumer holds return
     * {@link #createBroker()}. Used by {@link SlowConsumerContract}.
     * @param redeliveryDeadline the deadline
     * @return the broker
     * @throws Exception when it cannot be created
     */
    protected Broker createBroker(Duration redeliveryDeadline) throws Exception {
        return createBroker();
    }

    /**
     * Creates a second instance of the broker under test, as another agent process would: on the
     * same server with the same settings (so it sees the first instance's subscriptions, as
     * agents of one system see each other), with connections and state of its own. Used by the
     * contracts between agents in different processes.
     * @param first the test's broker
     * @return the second instance; an in-process broker returns {@code first}
     * @throws Exception when it cannot be created
     */
    protected Broker createPeerBroker(Broker first) throws Exception {
        return createBroker();
    }

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
        KitContext.BrokerFactory factory = new KitContext.BrokerFactory() {

            @Override
            public Broker create(Duration redeliveryDeadline) throws Exception {
                return createBroker(redeliveryDeadline);
            }

            @Override
            public Broker createPeer(Broker first) throws Exception {
                return createPeerBroker(first);
            }
        };
        context = new KitContext(createBroker(), expectedCapabilities(), timeout(), customizer, factory);
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
