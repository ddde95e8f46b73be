package dev.amb.broker.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresRabbit;
import dev.amb.kit.TcpProxy;
import dev.amb.spi.Broker;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter survives losing the server: its connections go through a {@link TcpProxy} whose
 * link is cut mid-stream and restored while the real server keeps running. No message whose
 * publish RabbitMQ confirmed is lost to a group, and a broadcast subscription receives again
 * once amqp-client has recovered its connection, queue and bindings.
 */
@RequiresRabbit
class RabbitResilienceIntegrationTests {

    private static final RabbitTestSupport rabbit = new RabbitTestSupport();

    private final String namespace = KitSupport.namespace();

    private final List<Broker> brokers = new CopyOnWriteArrayList<>();

    private TcpProxy proxy;

    @BeforeEach
    void open() throws Exception {
        proxy = new TcpProxy("127.0.0.1", RabbitTestSupport.PORT);
    }

    @AfterEach
    void close() throws Exception {
        brokers.forEach(Broker::close);
        proxy.close();
    }

    @AfterAll
    static void deleteTopology() throws Exception {
        rabbit.deleteAll();
    }

    @Test
    void everyConfirmedPublishReachesTheGroupAcrossAnOutage() {
        RabbitBroker consumer = viaProxy();
        RabbitBroker producer = viaProxy();
        String topic = namespace + ".durable";
        Set<String> handled = ConcurrentHashMap.newKeySet();
        consumer.subscribe(SubscriptionSpec.of("durable", topic, "workers", 2), delivery -> {
            handled.add(delivery.envelope().id());
            delivery.ack();
        });
        List<Envelope> envelopes = new ArrayList<>();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i == 150) {
                proxy.cut(); // mid-stream: some publishes are unconfirmed, later ones fail until recovery
                KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> !producer.publishConnection().isOpen());
            }
            if (i == 200) {
                proxy.restore();
                KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> producer.publishConnection().isOpen()
                        && consumer.consumeConnection().isOpen());
            }
            Envelope envelope = envelope(topic, "m-" + i);
            envelopes.add(envelope);
            sends.add(producer.publish(envelope));
        }
        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> sends.stream().allMatch(CompletableFuture::isDone));

        List<String> confirmed = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            if (!sends.get(i).isCompletedExceptionally()) {
                confirmed.add(envelopes.get(i).id());
            }
        }
        assertThat(confirmed).hasSizeGreaterThanOrEqualTo(100);
        // publishing works again once the channel is recovered: retry one message until it is confirmed
        Envelope last = envelope(topic, "last");
        KitSupport.waitAtMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .until(() -> {
                producer.publish(last).join();
                return true;
            });
        confirmed.add(last.id());
        KitSupport.waitAtMost(Duration.ofSeconds(60)).until(() -> handled.containsAll(confirmed));
    }

    @Test
    void broadcastSubscriptionReceivesAgainAfterTheConnectionRecovered() {
        RabbitBroker broker = viaProxy();
        RabbitBroker direct = rabbit.broker();
        brokers.add(direct);
        String topic = namespace + ".broadcast";
        List<String> received = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("listener", topic, null, 1), delivery -> {
            received.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
            delivery.ack();
        });
        direct.publish(envelope(topic, "before")).join();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> received.contains("before"));

        proxy.cut();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> !broker.consumeConnection().isOpen());
        proxy.restore();
        KitSupport.waitAtMost(Duration.ofSeconds(30)).until(() -> broker.consumeConnection().isOpen());

        // the queue and its binding come back shortly after the connection: publish until one arrives
        KitSupport.waitAtMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            direct.publish(envelope(topic, "after")).join();
            return received.contains("after");
        });
    }

    private RabbitBroker viaProxy() {
        RabbitBroker broker = rabbit.broker(rabbit.settings(), proxy.port());
        brokers.add(broker);
        return broker;
    }

    private static Envelope envelope(String topic, String body) {
        return RabbitDeliveryIntegrationTests.envelope(topic, body);
    }
}
