package dev.amb.broker.nats;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.Message;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.kit.RequiresBroker;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole broker compatibility kit against core NATS on the local server.
 */
@RequiresBroker(name = "NATS", port = 4222, startCommand = NatsTestSupport.START_COMMAND)
class NatsCoreBrokerIntegrationTests extends BrokerCompatibilityKit {

    @Override
    protected Broker createBroker() throws Exception {
        return NatsTestSupport.coreBroker();
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        try {
            return new BrokerCapabilities(false, true, true, false, false, true, NatsTestSupport.serverMaxPayload());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Replaces the kit's version, whose request goes to a topic without responders: NATS fails such
     * a request at once ({@code NoRespondersException}), so it is no longer pending when the bus
     * closes. Here a responder that never answers keeps both requests pending; the assertions are
     * the kit's.
     */
    @Override
    @Test
    public void closingTheBusFailsPendingRequestsAtOnce() {
        String topic = kit().topic("void");
        CompletableFuture<Void> never = new CompletableFuture<>();
        kit().bus("silent").respond(topic, null, String.class, request -> {
            never.get(30, TimeUnit.SECONDS);
            return "too late";
        });
        DefaultMessageBus client = kit().bus("leaving");
        CompletableFuture<Message<String>> reply = client.request(topic, "hello?", String.class, LONG);
        CompletableFuture<List<Message<String>>> votes = client.scatter(topic, "x", String.class, LONG, 1, 2);

        client.close();

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(AmbException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> votes.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(AmbException.class);
        assertThat(client.pendingRequests()).isZero();
        never.complete(null);
    }
}
