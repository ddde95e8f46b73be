package dev.amb.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of AMB ({@code amb.*}). Each concern has its own class; this one holds the
 * choices that apply to the whole agent.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("amb")
public class AmbProperties {

    /**
     * Which broker carries the messages: memory, redis, kafka, rabbit, nats or sqs. Environment
     * variable AMB_BROKER.
     */
    private BrokerType broker = BrokerType.MEMORY;

    /**
     * The format this agent writes payloads in: json, msgpack or protobuf. Messages in every
     * available format are read whatever this setting. Environment variable AMB_SERIALIZER.
     */
    private SerializerType serializer = SerializerType.JSON;

    /**
     * How long closing the bus waits for running handlers to finish before interrupting them.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * How long a publish waits for the broker's confirmation before it fails (a failure the
     * publishing circuit breaker counts).
     */
    private Duration publishTimeout = Duration.ofSeconds(30);

    /** This agent's identity. */
    @NestedConfigurationProperty
    private final AgentProperties agent = new AgentProperties();

    /** Request/reply defaults. */
    @NestedConfigurationProperty
    private final RequestProperties request = new RequestProperties();

    /** Handler retries. */
    @NestedConfigurationProperty
    private final RetryProperties retry = new RetryProperties();

    /** Dead letters. */
    @NestedConfigurationProperty
    private final DeadLetterProperties deadLetter = new DeadLetterProperties();

    /** The default circuit breaker. */
    @NestedConfigurationProperty
    private final CircuitBreakerProperties circuitBreaker = new CircuitBreakerProperties();

    /** Message security: signing, topic policy, rate limits, audit. */
    @NestedConfigurationProperty
    private final SecurityProperties security = new SecurityProperties();

    /** The in-memory broker's queues and chaos settings. */
    @NestedConfigurationProperty
    private final MemoryProperties memory = new MemoryProperties();

    /** The Redis broker: connection, pub/sub or Streams, and their settings. */
    @NestedConfigurationProperty
    private final RedisBrokerProperties redis = new RedisBrokerProperties();

    /** The NATS broker: connection, core NATS or JetStream, stream and consumers. */
    @NestedConfigurationProperty
    private final NatsProperties nats = new NatsProperties();

    /** The SQS broker: region, queues, polling and visibility. */
    @NestedConfigurationProperty
    private final SqsProperties sqs = new SqsProperties();

    /** The Kafka broker: connection, consumer groups, topics and flow control. */
    @NestedConfigurationProperty
    private final KafkaProperties kafka = new KafkaProperties();

    /** The RabbitMQ broker: connection, exchange and queues. */
    @NestedConfigurationProperty
    private final RabbitProperties rabbit = new RabbitProperties();

    /** Micrometer observations and trace propagation. */
    @NestedConfigurationProperty
    private final ObservationProperties observation = new ObservationProperties();

    /** Meters of the bus in the application's Micrometer registry. */
    @NestedConfigurationProperty
    private final MetricsProperties metrics = new MetricsProperties();

    /** The health contributor's judgement of subscriptions. */
    @NestedConfigurationProperty
    private final HealthProperties health = new HealthProperties();

    /** @return the broker type */
    public BrokerType getBroker() {
        return broker;
    }

    /** @param broker the broker type */
    public void setBroker(BrokerType broker) {
        this.broker = broker;
    }

    /** @return the serializer type */
    public SerializerType getSerializer() {
        return serializer;
    }

    /** @param serializer the serializer type */
    public void setSerializer(SerializerType serializer) {
        this.serializer = serializer;
    }

    /** @return the shutdown timeout */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** @param shutdownTimeout the shutdown timeout */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @return the publish timeout */
    public Duration getPublishTimeout() {
        return publishTimeout;
    }

    /** @param publishTimeout the publish timeout */
    public void setPublishTimeout(Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }

    /** @return the retry settings */
    public RetryProperties getRetry() {
        return retry;
    }

    /** @return the dead-letter settings */
    public DeadLetterProperties getDeadLetter() {
        return deadLetter;
    }

    /** @return the default circuit breaker settings */
    public CircuitBreakerProperties getCircuitBreaker() {
        return circuitBreaker;
    }

    /** @return the agent settings */
    public AgentProperties getAgent() {
        return agent;
    }

    /** @return the request settings */
    public RequestProperties getRequest() {
        return request;
    }

    /** @return the memory broker settings */
    public MemoryProperties getMemory() {
        return memory;
    }

    /** @return the Redis broker settings */
    public RedisBrokerProperties getRedis() {
        return redis;
    }

    /** @return the NATS broker settings */
    public NatsProperties getNats() {
        return nats;
    }

    /** @return the SQS broker's properties */
    public SqsProperties getSqs() {
        return sqs;
    }

    /** @return the Kafka broker settings */
    public KafkaProperties getKafka() {
        return kafka;
    }

    /** @return the RabbitMQ broker settings */
    public RabbitProperties getRabbit() {
        return rabbit;
    }

    /** @return the security settings */
    public SecurityProperties getSecurity() {
        return security;
    }

    /** @return the observation settings */
    public ObservationProperties getObservation() {
        return observation;
    }

    /** @return the metrics settings */
    public MetricsProperties getMetrics() {
        return metrics;
    }

    /** @return the health settings */
    public HealthProperties getHealth() {
        return health;
    }
}
