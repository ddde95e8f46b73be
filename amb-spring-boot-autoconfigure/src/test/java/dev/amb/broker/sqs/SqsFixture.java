package dev.amb.broker.sqs;

import java.time.Duration;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * An ElasticMQ server in this JVM, a client on it, and the one broker and bus a test builds on
 * them; {@link #close()} closes what was built, the bus first and the server last.
 */
final class SqsFixture implements AutoCloseable {

    private final ElasticMq server;

    private final SqsAsyncClient client;

    private SqsBroker broker;

    private DefaultMessageBus bus;

    private SqsFixture(ElasticMq server) {
        this.server = server;
        this.client = server.asyncClient();
    }

    /** @return a fixture on a newly started server */
    static SqsFixture start() {
        return new SqsFixture(ElasticMq.start());
    }

    /** @return the server, to stop or restart */
    ElasticMq server() {
        return server;
    }

    /**
     * @param settings the broker's settings
     * @return the broker on the server's client (which the fixture owns)
     */
    SqsBroker broker(SqsSettings settings) {
        broker = new SqsBroker(client, false, settings);
        return broker;
    }

    /**
     * @param agentId the bus's agent id
     * @return a bus with the JSON serializer and a 5 s shutdown timeout on {@link #broker(SqsSettings)}'s broker
     */
    DefaultMessageBus bus(String agentId) {
        bus = DefaultMessageBus.builder(broker).agentId(agentId).serializer(new JsonMessageSerializer())
            .shutdownTimeout(Duration.ofSeconds(5)).build();
        return bus;
    }

    @Override
    public void close() {
        if (bus != null) {
            bus.close();
        }
        if (broker != null) {
            broker.close();
        }
        client.close();
        server.close();
    }
}
