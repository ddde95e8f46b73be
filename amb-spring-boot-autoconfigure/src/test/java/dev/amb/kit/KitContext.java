package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.awaitility.core.ConditionFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.resilience.BreakerSettings;
import dev.amb.resilience.CircuitBreakerStateChangedEvent;
import dev.amb.resilience.Resilience4jCircuitBreakers;
import dev.amb.resilience.Resilience4jRetryPolicy;
import dev.amb.resilience.RetrySettings;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * What one compatibility-kit test works with: the broker under test, the buses (agents) created
 * on it, and a namespace that keeps the test's topics apart from every other test's.
 */
public final class KitContext implements AutoCloseable {

    /**
     * The kit's retry policy: 3 retries, 20 ms doubling to at most 200 ms, no jitter (so retry tests
     * are quick and deterministic); {@code IllegalArgumentException} is not retryable.
     */
    public static final RetrySettings RETRIES = new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(200),
            2.0, 0.0, List.of(), List.of(IllegalArgumentException.class));

    private final Broker broker;

    private final BrokerCapabilities capabilities;

    private final Duration timeout;

    private final String namespace = KitSupport.namespace();

    private final List<DefaultMessageBus> buses = new ArrayList<>();

    private final UnaryOperator<DefaultMessageBus.Builder> busCustomizer;

    private final List<CircuitBreakerStateChangedEvent> breakerEvents = new CopyOnWriteArrayList<>();

    private final CircuitBreakerRegistry breakerRegistry = CircuitBreakerRegistry.ofDefaults();

    private final Resilience4jCircuitBreakers circuitBreakers = new Resilience4jCircuitBreakers(breakerRegistry,
            new BreakerSettings(3, Duration.ofMillis(500), 1), breakerEvents::add);

    private final BrokerFactory brokerFactory;

    private final List<Broker> extraBrokers = new ArrayList<>();

    KitContext(Broker broker, BrokerCapabilities capabilities, Duration timeout,
            UnaryOperator<DefaultMessageBus.Builder> busCustomizer, BrokerFactory brokerFactory) {
        this.broker = broker;
        this.capabilities = capabilities;
        this.timeout = timeout;
        this.busCustomizer = busCustomizer;
        this.brokerFactory = brokerFactory;
    }

    /**
     * Creates the kit's extra brokers (see {@link #brokerWithRedeliveryDeadline(Duration)} and
     * {@link #peerBroker()}).
     */
    interface BrokerFactory {

        Broker create(Duration redeliveryDeadline) throws Exception;

        Broker createPeer(Broker first) throws Exception;
    }

    /**
     * A second instance of the broker under test, as another agent process creates it: same
     * server, same settings, its own connections and state; closed when the test ends.
     * @return the broker
     */
    public Broker peerBroker() {
        try {
            Broker created = brokerFactory.createPeer(broker);
            if (created != broker) {
                synchronized (extraBrokers) {
                    extraBrokers.add(created);
                }
            }
            return created;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not create a second instance of the broker", ex);
        }
    }

    /**
     * A second broker on the same server whose redelivery deadline is {@code deadline}; closed when
     * the test ends.
     * @param deadline how long the broker lets a consumer hold a message unacknowledged
     * @return the broker
     */
    public Broker brokerWithRedeliveryDeadline(Duration deadline) {
        try {
            Broker created = brokerFactory.create(deadline);
            synchronized (extraBrokers) {
                extraBrokers.add(created);
            }
            return created;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not create a broker with redelivery deadline " + deadline, ex);
        }
    }

    /**
     * Forces the named listener circuit breaker open (it stays open until the test ends), as a
     * failing dependency would; its listeners pause.
     * @param name the breaker name a subscription gave in {@code circuitBreaker(...)}
     */
    public void forceBreakerOpen(String name) {
        circuitBreakers.listenerBreaker(name);
        breakerRegistry.circuitBreaker(name).transitionToForcedOpenState();
    }

    /** @return the broker under test */
    public Broker broker() {
        return broker;
    }

    /** @return the capabilities the broker is expected to report */
    public BrokerCapabilities capabilities() {
        return capabilities;
    }

    /** @return the longest a kit test waits for a delivery */
    public Duration timeout() {
        return timeout;
    }

    /** @return this test's namespace, a valid topic segment */
    public String namespace() {
        return namespace;
    }

    /**
     * @param suffix dot-separated segments
     * @return {@code namespace.suffix}
     */
    public String topic(String suffix) {
        return namespace + "." + suffix;
    }

    /**
     * Creates an agent: a bus with its own id on the shared broker.
     * @param agentId the agent id
     * @return the bus, closed when the test ends
     */
    public DefaultMessageBus bus(String agentId) {
        return bus(agentId, broker);
    }

    /**
     * Creates an agent on the given broker (for example one from
     * {@link #brokerWithRedeliveryDeadline(Duration)}).
     * @param agentId the agent id
     * @param on the broker
     * @return the bus, closed when the test ends
     */
    public DefaultMessageBus bus(String agentId, Broker on) {
        return bus(agentId, on, UnaryOperator.identity());
    }

    /**
     * Creates an agent on the shared broker with extra settings (interceptors, for example).
     * @param agentId the agent id
     * @param extra applied to the builder after the kit's settings
     * @return the bus, closed when the test ends
     */
    public DefaultMessageBus bus(String agentId, UnaryOperator<DefaultMessageBus.Builder> extra) {
        return bus(agentId, broker, extra);
    }

    private DefaultMessageBus bus(String agentId, Broker on, UnaryOperator<DefaultMessageBus.Builder> extra) {
        DefaultMessageBus.Builder builder = DefaultMessageBus.builder(on)
            .agentId(agentId)
            .serializer(new JsonMessageSerializer())
            .requestTimeout(timeout)
            .shutdownTimeout(Duration.ofSeconds(5))
            .retryPolicy(new Resilience4jRetryPolicy(RETRIES))
            .circuitBreakers(circuitBreakers)
            .deadLetters(new DeadLetterSettings(true, deadLetterTopic(), Duration.ofMillis(100)));
        DefaultMessageBus bus = extra.apply(busCustomizer.apply(builder)).build();
        synchronized (buses) {
            buses.add(bus);
        }
        return bus;
    }

    /** @return this test's dead-letter topic (inside its namespace) */
    public String deadLetterTopic() {
        return namespace + ".dead-letter";
    }

    /** @return every circuit breaker state change seen by the kit's buses */
    public List<CircuitBreakerStateChangedEvent> breakerEvents() {
        return breakerEvents;
    }

    /** @return an Awaitility condition bounded by {@link #timeout()} */
    public ConditionFactory await() {
        return KitSupport.waitAtMost(timeout);
    }

    @Override
    public void close() {
        synchronized (buses) {
            buses.forEach(DefaultMessageBus::close);
            buses.clear();
        }
        synchronized (extraBrokers) {
            extraBrokers.forEach(Broker::close);
            extraBrokers.clear();
        }
        broker.close();
    }
}
