package dev.amb.broker.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresNatsJetStream;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settlement, pause and durability on both NATS adapters, at the SPI level where the broker's own
 * behaviour is what is checked.
 */
@RequiresNatsJetStream
class NatsDeliveryIntegrationTests {

    private static final String STREAM = "AMB_DELIVERY";

    private static final String PREFIX = "ambdelivery";

    private final String namespace = KitSupport.namespace();

    private final List<Broker> brokers = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        brokers.forEach(Broker::close);
    }

    @Test
    void coreNackRedeliversFromTheAdapterTimerWithTheAttemptRaised() throws Exception {
        Broker broker = track(NatsTestSupport.coreBroker());
        assertNackRedeliversWithTheAttemptRaised(broker);
    }

    @Test
    void jetStreamNackIsNakWithDelayAndTheAttemptComesFromTheMetadata() throws Exception {
        Broker broker = track(jetStream(Duration.ofSeconds(30)));
        assertNackRedeliversWithTheAttemptRaised(broker);
    }

    private void assertNackRedeliversWithTheAttemptRaised(Broker broker) {
        String topic = namespace + ".retry";
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        broker.subscribe(spec(topic, null), delivery -> {
            attempts.add(delivery.deliveryAttempt());
            if (delivery.deliveryAttempt() == 1) {
                delivery.nack(Duration.ofMillis(200));
            }
            else {
                delivery.ack();
            }
        });

        broker.publish(envelope(topic, "again")).join();

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> attempts.size() == 2);
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void jetStreamRejectTerminatesTheMessageWhileAnUnsettledOneComesBackAfterAckWait() throws Exception {
        Broker broker = track(jetStream(Duration.ofSeconds(1)));
        String topic = namespace + ".settle";
        List<String> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(spec(topic, null), delivery -> {
            String body = new String(delivery.envelope().data(), StandardCharsets.UTF_8);
            seen.add(body + "#" + delivery.deliveryAttempt());
            if (body.equals("rejected")) {
                delivery.reject();
            }
            else if (delivery.deliveryAttempt() > 1) {
                delivery.ack();
            }
            // the first delivery of "forgotten" is never settled
        });

        broker.publish(envelope(topic, "rejected")).join();
        broker.publish(envelope(topic, "forgotten")).join();

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> seen.contains("forgotten#2"));
        KitSupport.waitAtMost(Duration.ofSeconds(5)).during(Duration.ofMillis(1500))
            .until(() -> seen.stream().filter(s -> s.startsWith("rejected")).count() == 1);
        assertThat(seen).containsExactlyInAnyOrder("rejected#1", "forgotten#1", "forgotten#2");
    }

    @Test
    void corePauseHoldsMessagesUntilResume() throws Exception {
        assertPauseStopsDeliveryUntilResume(track(NatsTestSupport.coreBroker()));
    }

    @Test
    void jetStreamPauseStopsPullingUntilResume() throws Exception {
        assertPauseStopsDeliveryUntilResume(track(jetStream(Duration.ofSeconds(30))));
    }

    private void assertPauseStopsDeliveryUntilResume(Broker broker) {
        String topic = namespace + ".paused";
        List<String> handled = new CopyOnWriteArrayList<>();
        BrokerSubscription subscription = broker.subscribe(spec(topic, "workers"), delivery -> {
            handled.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
            delivery.ack();
        });
        broker.publish(envelope(topic, "before")).join();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> handled.size() == 1);

        subscription.pause();
        for (int i = 0; i < 5; i++) {
            broker.publish(envelope(topic, "while-paused-" + i)).join();
        }
        KitSupport.waitAtMost(Duration.ofSeconds(5)).during(Duration.ofMillis(500)).until(() -> handled.size() == 1);

        subscription.resume();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> handled.size() == 6);
        assertThat(handled).startsWith("before").hasSize(6);
    }

    @Test
    void jetStreamGroupLosesNothingWhenItsOnlyMemberStopsMidStream() throws Exception {
        String topic = namespace + ".durable";
        int total = 200;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        SubscriptionSpec group = spec(topic, "billing");
        Broker first = track(jetStream(Duration.ofSeconds(2)));
        first.subscribe(group, delivery -> {
            if (acked.size() < 20) {
                acked.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
                delivery.ack();
            }
            // later deliveries are never settled, as if the process had died while handling them
        });
        Broker producer = track(jetStream(Duration.ofSeconds(2)));
        for (int i = 0; i < total; i++) {
            producer.publish(envelope(topic, "m-" + i)).join();
        }
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> acked.size() >= 20);

        first.close(); // stops with messages handled but unacknowledged and others pulled but never handled
        Broker second = track(jetStream(Duration.ofSeconds(2)));
        second.subscribe(group, delivery -> {
            acked.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
            delivery.ack();
        });

        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> acked.size() == total);
    }

    @Test
    void existingStreamThatDoesNotCaptureThePrefixFailsStartUpNamingBoth() throws Exception {
        Connection connection = NatsTestSupport.connect();
        try {
            JetStreamManagement management = connection.jetStreamManagement();
            String stream = "AMB_MISMATCH_" + namespace.toUpperCase();
            management.addStream(StreamConfiguration.builder().name(stream).subjects(namespace + ".other.>").build());
            try {
                assertThatThrownBy(() -> new NatsJetStreamBroker(connection, NatsTestSupport.settings(),
                        NatsTestSupport.streamSettings(stream, namespace + "-amb")))
                    .isInstanceOf(AmbException.class)
                    .hasMessageContaining(stream)
                    .hasMessageContaining("[" + namespace + ".other.>]")
                    .hasMessageContaining(namespace + "-amb.>");
            }
            finally {
                management.deleteStream(stream);
            }
        }
        finally {
            connection.close();
        }
    }

    private NatsJetStreamBroker jetStream(Duration ackWait) throws Exception {
        return NatsJetStreamBroker.connect(NatsTestSupport.options().build(), NatsTestSupport.settings(),
                NatsTestSupport.streamSettings(STREAM, PREFIX).withDelivery(ackWait, -1));
    }

    private <B extends Broker> B track(B broker) {
        brokers.add(broker);
        return broker;
    }

    private static SubscriptionSpec spec(String topic, String group) {
        return new SubscriptionSpec(topic + "-test", topic, group, 1);
    }

    private static Envelope envelope(String topic, String body) {
        return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).contentType("text/plain")
            .data(body.getBytes(StandardCharsets.UTF_8)).build();
    }

}
