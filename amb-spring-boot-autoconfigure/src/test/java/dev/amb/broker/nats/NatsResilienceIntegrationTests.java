package dev.amb.broker.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresNatsJetStream;
import dev.amb.kit.TcpProxy;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapters survive losing the server: the connection goes through a {@link TcpProxy} whose
 * link is cut and restored while the real server keeps running.
 */
@RequiresNatsJetStream
class NatsResilienceIntegrationTests {

    private final String namespace = KitSupport.namespace();

    private final List<Broker> brokers = new CopyOnWriteArrayList<>();

    private TcpProxy proxy;

    private Connection direct;

    @BeforeEach
    void open() throws Exception {
        proxy = new TcpProxy("127.0.0.1", 4222);
        direct = NatsTestSupport.connect();
    }

    @AfterEach
    void close() throws Exception {
        brokers.forEach(Broker::close);
        direct.close();
        proxy.close();
    }

    @Test
    void coreDeliveryResumesAfterTheServerIsLostAndBack() throws Exception {
        NatsBroker broker = track(NatsBroker.connect(viaProxy().build(), NatsTestSupport.settings()));
        String topic = namespace + ".resume";
        List<String> received = new CopyOnWriteArrayList<>();
        broker.subscribe(spec(topic), delivery -> received.add(body(delivery.envelope())));
        direct.publish(topic, "before".getBytes(StandardCharsets.UTF_8));
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> received.equals(List.of("before")));

        outage(broker.connection());
        // core NATS is at-most-once and the server may take the re-sent subscription after a
        // publish from another connection: "after" is published again until one copy arrives
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> {
            if (!received.contains("after")) {
                direct.publish(topic, "after".getBytes(StandardCharsets.UTF_8));
            }
            return received.contains("after");
        });
        assertThat(received.get(0)).isEqualTo("before");
        assertThat(received.subList(1, received.size())).containsOnly("after");
    }

    @Test
    void corePublishingWhileDisconnectedBuffersUpToTheReconnectBufferThenFailsAtOnce() throws Exception {
        NatsBroker broker = track(NatsBroker.connect(viaProxy().reconnectBufferSize(4096).build(),
                NatsTestSupport.settings()));
        String topic = namespace + ".buffered";
        Subscription witness = direct.subscribe(topic);
        direct.flush(Duration.ofSeconds(5));
        proxy.cut();
        KitSupport.waitAtMost(Duration.ofSeconds(20))
            .until(() -> broker.connection().getStatus() != Connection.Status.CONNECTED);

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sends.add(broker.publish(envelope(topic, "m-" + i))); // about 300 bytes each on the wire
        }

        long buffered = sends.stream().filter(send -> send.isDone() && !send.isCompletedExceptionally()).count();
        assertThat(buffered).isBetween(1L, 99L);
        assertThat(sends).allMatch(CompletableFuture::isDone);
        assertThatThrownBy(sends.get(99)::join).cause()
            .isInstanceOf(AmbException.class)
            .hasMessageContaining(topic)
            .hasMessageContaining("reconnect");
        proxy.restore();
        List<String> delivered = new ArrayList<>();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> {
            io.nats.client.Message message = witness.nextMessage(Duration.ofMillis(100));
            if (message != null) {
                delivered.add(new String(message.getData(), StandardCharsets.UTF_8));
            }
            return delivered.size() == buffered;
        });
        assertThat(delivered).first().isEqualTo("m-0");
    }

    @Test
    void jetStreamHandlesEveryAcknowledgedPublishAcrossAnOutage() throws Exception {
        NatsJetStreamBroker.StreamSettings stream = NatsTestSupport.streamSettings("AMB_RESILIENCE", "ambresilience")
            .withDelivery(Duration.ofSeconds(2), -1);
        NatsJetStreamBroker consumer = track(NatsJetStreamBroker.connect(viaProxy().build(), NatsTestSupport.settings(),
                stream));
        NatsJetStreamBroker producer = track(NatsJetStreamBroker.connect(viaProxy().build(), NatsTestSupport.settings(),
                stream));
        String topic = namespace + ".durable";
        Set<String> handled = ConcurrentHashMap.newKeySet();
        consumer.subscribe(SubscriptionSpec.of("durable", topic, "workers", 2), delivery -> {
            handled.add(delivery.envelope().id());
            delivery.ack();
        });
        List<Envelope> envelopes = new ArrayList<>();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (i == 100) {
                proxy.cut(); // half of the messages are published while the link is down
                KitSupport.waitAtMost(Duration.ofSeconds(20))
                    .until(() -> producer.connection().getStatus() != Connection.Status.CONNECTED);
            }
            Envelope envelope = envelope(topic, "m-" + i);
            envelopes.add(envelope);
            sends.add(producer.publish(envelope));
        }
        proxy.restore();
        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> sends.stream().allMatch(CompletableFuture::isDone));

        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            if (!sends.get(i).isCompletedExceptionally()) {
                acknowledged.add(envelopes.get(i).id());
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);
        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> handled.containsAll(acknowledged));
    }

    @Test
    void jetStreamBroadcastSubscriptionOutlivesAnOutageLongerThanTheConsumerInactiveThreshold() throws Exception {
        NatsJetStreamBroker.StreamSettings stream = NatsTestSupport.streamSettings("AMB_RESILIENCE", "ambresilience")
            .withConsumerInactiveThreshold(Duration.ofSeconds(2));
        NatsJetStreamBroker consumer = track(NatsJetStreamBroker.connect(viaProxy().build(), NatsTestSupport.settings(),
                stream));
        NatsJetStreamBroker producer = track(NatsJetStreamBroker.connect(NatsTestSupport.options().build(),
                NatsTestSupport.settings(), stream));
        String topic = namespace + ".broadcast";
        List<String> received = new CopyOnWriteArrayList<>();
        consumer.subscribe(SubscriptionSpec.of(namespace + "-listener", topic, null, 1), delivery -> {
            received.add(body(delivery.envelope()));
            delivery.ack();
        });
        producer.publish(envelope(topic, "before")).join();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> received.equals(List.of("before")));

        proxy.cut();
        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> consumers(namespace + "-listener") == 0);
        producer.publish(envelope(topic, "during")).join();
        proxy.restore();
        KitSupport.waitAtMost(Duration.ofSeconds(20))
            .until(() -> consumer.connection().getStatus() == Connection.Status.CONNECTED);
        producer.publish(envelope(topic, "after")).join();

        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> received.size() >= 3);
        assertThat(received).containsExactly("before", "during", "after");
    }

    @Test
    void jetStreamBroadcastSubscriptionPausedLongerThanTheConsumerInactiveThresholdReceivesAgain() throws Exception {
        NatsJetStreamBroker broker = track(NatsJetStreamBroker.connect(NatsTestSupport.options().build(),
                NatsTestSupport.settings(), NatsTestSupport.streamSettings("AMB_RESILIENCE", "ambresilience")
                    .withConsumerInactiveThreshold(Duration.ofSeconds(2))));
        String topic = namespace + ".paused";
        List<String> received = new CopyOnWriteArrayList<>();
        BrokerSubscription subscription = broker.subscribe(SubscriptionSpec.of(namespace + "-paused", topic, null, 1),
                delivery -> {
                    received.add(body(delivery.envelope()));
                    delivery.ack();
                });
        subscription.pause();
        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> consumers(namespace + "-paused") == 0);
        broker.publish(envelope(topic, "while-paused")).join();

        subscription.resume();
        broker.publish(envelope(topic, "after")).join();

        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
        assertThat(received).containsExactly("while-paused", "after");
    }

    @Test
    void coreGroupResumeThatFailsDuringAnOutageIsRetriedUntilItWorks() throws Exception {
        NatsBroker broker = track(NatsBroker.connect(viaProxy().build(), NatsTestSupport.settings()));
        String topic = namespace + ".resumed";
        List<String> received = new CopyOnWriteArrayList<>();
        BrokerSubscription subscription = broker.subscribe(SubscriptionSpec.of("resumed", topic, "workers", 1),
                delivery -> received.add(body(delivery.envelope())));
        subscription.pause();
        proxy.cut();
        KitSupport.waitAtMost(Duration.ofSeconds(20))
            .until(() -> broker.connection().getStatus() != Connection.Status.CONNECTED);

        subscription.resume(); // cannot be confirmed while the link is down
        proxy.restore();
        KitSupport.waitAtMost(Duration.ofSeconds(40)).until(() -> {
            direct.publish(topic, "ping".getBytes(StandardCharsets.UTF_8));
            return !received.isEmpty();
        });
        assertThat(received).contains("ping");
    }

    @Test
    void jetStreamCloseDuringAnOutageStaysWithinTheShutdownGrace() throws Exception {
        Duration grace = Duration.ofSeconds(2);
        NatsJetStreamBroker broker = NatsJetStreamBroker.connect(viaProxy().build(),
                NatsTestSupport.settings().withShutdownGrace(grace),
                NatsTestSupport.streamSettings("AMB_RESILIENCE", "ambresilience"));
        for (int i = 0; i < 6; i++) {
            broker.subscribe(SubscriptionSpec.of(namespace + "-closing-" + i, namespace + ".closing." + i, null, 1),
                    delivery -> delivery.ack());
        }
        proxy.cut();
        KitSupport.waitAtMost(Duration.ofSeconds(20))
            .until(() -> broker.connection().getStatus() != Connection.Status.CONNECTED);

        long start = System.nanoTime();
        broker.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(grace.plusSeconds(2));
    }

    private long consumers(String subscriptionId) throws Exception {
        return direct.jetStreamManagement().getConsumers("AMB_RESILIENCE").stream()
            .filter(info -> String.valueOf(info.getConsumerConfiguration().getDescription()).contains(subscriptionId))
            .count();
    }

    private void outage(Connection connection) {
        proxy.cut();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> connection.getStatus() != Connection.Status.CONNECTED);
        proxy.restore();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> connection.getStatus() == Connection.Status.CONNECTED);
    }

    private Options.Builder viaProxy() {
        return NatsTestSupport.options("nats://127.0.0.1:" + proxy.port()).ignoreDiscoveredServers();
    }

    private <B extends Broker> B track(B broker) {
        brokers.add(broker);
        return broker;
    }

    private static SubscriptionSpec spec(String topic) {
        return SubscriptionSpec.of(topic, topic, null, 1);
    }

    private static Envelope envelope(String topic, String body) {
        return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).source("resilience")
            .contentType("text/plain").data(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String body(Envelope envelope) {
        return new String(envelope.data(), StandardCharsets.UTF_8);
    }
}
