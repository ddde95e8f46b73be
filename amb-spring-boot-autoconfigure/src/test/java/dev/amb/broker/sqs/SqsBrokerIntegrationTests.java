package dev.amb.broker.sqs;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit on ElasticMQ, started once for the class inside the test
 * JVM; each test's broker has a queue prefix of its own.
 */
class SqsBrokerIntegrationTests extends BrokerCompatibilityKit {

    private static ElasticMq server;

    private static SqsAsyncClient client;

    @BeforeAll
    static void startServer() {
        server = ElasticMq.start();
        client = server.asyncClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    /** The settings of the test's broker: a second instance must share its queue prefix. */
    private SqsSettings settings;

    @Override
    protected Broker createBroker() {
        settings = ElasticMq.testSettings();
        return new SqsBroker(client, false, settings);
    }

    /** Another instance with the same queue prefix, on a client of its own. */
    @Override
    protected Broker createPeerBroker(Broker first) {
        return new SqsBroker(server.asyncClient(), true, settings);
    }

    /**
     * ElasticMQ inside the test JVM takes about 1 000 to 1 500 messages a second on this shared
     * 2-core machine (batches of ten); the kit's fan-out test sends 15 000 and receives as many.
     */
    @Override
    protected Duration timeout() {
        return Duration.ofSeconds(90);
    }

    @Override
    protected DefaultMessageBus.Builder customizeBus(DefaultMessageBus.Builder builder) {
        return builder.publishTimeout(Duration.ofSeconds(90));
    }

    /** 1 000 requests and 1 000 replies in flight: 10 000 would take ElasticMQ here over a minute. */
    @Override
    public int concurrentRequests() {
        return 1_000;
    }

    /** The visibility timeout is SQS's redelivery deadline (whole seconds, at least one). */
    @Override
    protected Broker createBroker(Duration redeliveryDeadline) {
        long seconds = Math.max(1, (redeliveryDeadline.toMillis() + 999) / 1000);
        return new SqsBroker(client, false, ElasticMq.testSettings().withVisibilityTimeout(Duration.ofSeconds(seconds)));
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        return new BrokerCapabilities(true, false, true, true, true, false, 256 * 1024);
    }
}
