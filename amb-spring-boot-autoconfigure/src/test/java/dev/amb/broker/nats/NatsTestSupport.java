package dev.amb.broker.nats;

import java.io.IOException;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import dev.amb.spi.Broker;

/**
 * Connections and brokers on the local NATS server (127.0.0.1:4222, JetStream enabled) for the
 * NATS integration tests. Each JetStream test class uses a stream and subject prefix of its own,
 * with messages kept for an hour, so test runs never fill the server's store.
 */
final class NatsTestSupport {

    static final String URL = "nats://127.0.0.1:4222";

    private NatsTestSupport() {
    }

    static Options.Builder options() {
        return options(URL);
    }

    static Options.Builder options(String url) {
        return new Options.Builder().server(url).connectionName("amb-test").maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(100)).errorListener(new NatsErrorLogger());
    }

    static Connection connect() throws IOException, InterruptedException {
        return Nats.connect(options().build());
    }

    static NatsBroker.Settings settings() {
        return NatsBroker.Settings.defaults().withShutdownGrace(Duration.ofSeconds(5));
    }

    static NatsJetStreamBroker.StreamSettings streamSettings(String stream, String prefix) {
        return NatsJetStreamBroker.StreamSettings.defaults().withStream(stream, prefix).withMaxAge(Duration.ofHours(1));
    }

    static NatsBroker coreBroker() throws IOException, InterruptedException {
        return NatsBroker.connect(options().build(), settings());
    }

    static NatsJetStreamBroker jetStreamBroker(String stream, String prefix) throws IOException, InterruptedException {
        return NatsJetStreamBroker.connect(options().build(), settings(), streamSettings(stream, prefix));
    }

    static int serverMaxPayload() throws IOException, InterruptedException {
        Connection connection = connect();
        try {
            return (int) connection.getServerInfo().getMaxPayload();
        }
        finally {
            connection.close();
        }
    }

    static void closeQuietly(Broker broker) {
        if (broker != null) {
            broker.close();
        }
    }
}
