package dev.amb.broker.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
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
    void jetStreamKeepsAnUnsettledMessageWhileItsSubscriptionLivesAndRejectTerminates() throws Exception {
        Broker broker = track(jetStream(Duration.ofSeconds(1)));
        String topic = namespace + ".settle";
        List<String> seen = new CopyOnWriteArrayList<>();
        BrokerSubscription holder = broker.subscribe(spec(topic, "settlers"), delivery -> {
            String body = new String(delivery.envelope().data(), StandardCharsets.UTF_8);
            seen.add(body + "#" + delivery.deliveryAttempt());
            if (body.equals("rejected")) {
                delivery.reject();
            }
            // "forgotten" is never settled, as in a MANUAL listener that holds it
        });

        broker.publish(envelope(topic, "rejected")).join();
        broker.publish(envelope(topic, "forgotten")).join();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> seen.size() == 2);
        KitSupport.waitAtMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(3)).until(() -> seen.size() == 2);

        holder.close(); // no longer kept in progress: back after ack-wait, to the next member
        List<String> next = new CopyOnWriteArrayList<>();
        broker.subscribe(spec(topic, "settlers"), delivery -> {
            next.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8) + "#" + delivery.deliveryAttempt());
            delivery.ack();
        });
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> next.contains("forgotten#2"));
        KitSupport.waitAtMost(Duration.ofSeconds(5)).during(Duration.ofMillis(1500)).until(() -> next.size() == 1);
        assertThat(seen).containsExactlyInAnyOrder("rejected#1", "forgotten#1");
    }

    @Test
    void corePauseHoldsABroadcastSubscriptionsMessagesUntilResume() throws Exception {
        assertPauseStopsDeliveryUntilResume(track(NatsTestSupport.coreBroker()), null);
    }

    @Test
    void jetStreamPauseStopsPullingUntilResume() throws Exception {
        assertPauseStopsDeliveryUntilResume(track(jetStream(Duration.ofSeconds(30))), "workers");
    }

    private void assertPauseStopsDeliveryUntilResume(Broker broker, String group) {
        String topic = namespace + ".paused";
        List<String> handled = new CopyOnWriteArrayList<>();
        BrokerSubscription subscription = broker.subscribe(spec(topic, group), delivery -> {
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

    @Test
    void existingStreamWithSettingsThatLoseMessagesFailsStartUpNamingThem() throws Exception {
        Connection connection = NatsTestSupport.connect();
        try {
            JetStreamManagement management = connection.jetStreamManagement();
            assertStreamRefused(management, connection, "PERSUBJECT", b -> b.maxMessagesPerSubject(1),
                    "max_msgs_per_subject=1");
            assertStreamRefused(management, connection, "DISCARDNEW", b -> b.maxMessages(1000)
                .discardPolicy(DiscardPolicy.New), "discard=new");
            assertStreamRefused(management, connection, "NOACK", b -> b.noAck(true), "no_ack=true");
            assertStreamRefused(management, connection, "MEMORY", b -> b.storageType(StorageType.Memory),
                    "memory storage");
            assertStreamRefused(management, connection, "DUPWINDOW", b -> b.duplicateWindow(Duration.ofSeconds(1)),
                    "duplicate_window=PT1S");
        }
        finally {
            connection.close();
        }
    }

    private void assertStreamRefused(JetStreamManagement management, Connection connection, String name,
            UnaryOperator<StreamConfiguration.Builder> setting, String named) throws Exception {
        String stream = "AMB_LOSING_" + name + "_" + namespace.toUpperCase();
        String prefix = namespace + "-" + name.toLowerCase();
        management.addStream(setting.apply(StreamConfiguration.builder().name(stream).subjects(prefix + ".>")).build());
        try {
            assertThatThrownBy(() -> new NatsJetStreamBroker(connection, NatsTestSupport.settings(),
                    NatsTestSupport.streamSettings(stream, prefix)))
                .isInstanceOf(AmbException.class)
                .hasMessageContaining(stream)
                .hasMessageContaining(named);
        }
        finally {
            management.deleteStream(stream);
        }
    }

    private NatsJetStreamBroker jetStream(Duration ackWait) throws Exception {
        return NatsJetStreamBroker.connect(NatsTestSupport.options().build(), NatsTestSupport.settings(),
                NatsTestSupport.streamSettings(STREAM, PREFIX).withDelivery(ackWait, -1));
    }

    /**
     * A core NATS subscription with concurrency 1 runs its handler on its own jnats dispatcher
     * thread: a handler that blocks holds back only its own subscription's messages, which it
     * then handles in order, and every other subscription of the connection goes on.
     */
    @Test
    void aBlockedCoreHandlerHoldsBackOnlyItsOwnSubscription() throws Exception {
        Broker broker = track(NatsTestSupport.coreBroker());
        String slowTopic = namespace + ".slow";
        String fastTopic = namespace + ".fast";
        CountDownLatch release = new CountDownLatch(1);
        List<String> slow = new CopyOnWriteArrayList<>();
        List<String> fast = new CopyOnWriteArrayList<>();
        broker.subscribe(spec(slowTopic, null), delivery -> {
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            slow.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
            delivery.ack();
        });
        broker.subscribe(spec(fastTopic, null), delivery -> {
            fast.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
            delivery.ack();
        });

        for (int i = 0; i < 20; i++) {
            broker.publish(envelope(slowTopic, "s" + i)).join();
            broker.publish(envelope(fastTopic, "f" + i)).join();
        }

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> fast.size() == 20);
        assertThat(slow).isEmpty();
        release.countDown();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> slow.size() == 20);
        assertThat(slow).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "s" + i)
            .toList());
        assertThat(fast).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "f" + i)
            .toList());
    }

    private <B extends Broker> B track(B broker) {
        brokers.add(broker);
        return broker;
    }

    private static SubscriptionSpec spec(String topic, String group) {
        return SubscriptionSpec.of(topic + "-test", topic, group, 1);
    }

    private static Envelope envelope(String topic, String body) {
        return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).contentType("text/plain")
            .data(body.getBytes(StandardCharsets.UTF_8)).build();
    }

}
