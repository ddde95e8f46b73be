package dev.amb.broker.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.amb.kit.KitSupport;
import dev.amb.kit.TcpProxy;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka goes away for the client and comes back, mid-stream: an embedded broker of its own whose
 * advertised listener is a {@link TcpProxy}, so every connection of AMB's clients (bootstrap and
 * partition leaders alike) runs through the proxy, and cutting it is, for them, an outage (no
 * publish completes and nothing new arrives while it lasts). Every
 * message whose publish was acknowledged is delivered to the group once the link is back.
 */
class KafkaResilienceIntegrationTests {

    private EmbeddedKafkaKraftBroker embedded;

    private TcpProxy proxy;

    private KafkaBroker broker;

    @AfterEach
    void stop() throws IOException {
        if (broker != null) {
            broker.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (embedded != null) {
            embedded.destroy();
        }
    }

    @Test
    void connectionProblemNamesTheServersWhileKafkaIsCutOffAndClearsWhenItIsBack() throws IOException {
        startBehindProxy();
        String servers = "127.0.0.1:" + proxy.port();
        broker = new KafkaBroker(KafkaTestSupport.settings(servers).connectTimeout(Duration.ofSeconds(3)).build());
        // a check starts at most every 5 s; its answer stays null while Kafka answers
        KitSupport.waitAtMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(7))
            .until(() -> broker.connectionProblem() == null);

        proxy.cut();

        KitSupport.waitAtMost(Duration.ofSeconds(60)).until(() -> broker.connectionProblem() != null);
        assertThat(broker.connectionProblem()).startsWith("Kafka at " + servers + " did not describe its cluster");

        proxy.restore();

        KitSupport.waitAtMost(Duration.ofSeconds(60)).until(() -> broker.connectionProblem() == null);
    }

    private void startBehindProxy() throws IOException {
        int port = freePort();
        proxy = new TcpProxy("127.0.0.1", port);
        embedded = new EmbeddedKafkaKraftBroker(1, 1);
        embedded.brokerProperties(Map.of("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://localhost:0",
                "advertised.listeners", "EXTERNAL://127.0.0.1:" + proxy.port(), "auto.create.topics.enable", "false",
                "group.min.session.timeout.ms", "1000"));
        embedded.afterPropertiesSet();
    }

    @Test
    void noAcknowledgedMessageIsLostWhenTheConnectionIsCutMidStream() throws IOException {
        startBehindProxy();
        broker = new KafkaBroker(KafkaTestSupport.settings("127.0.0.1:" + proxy.port()).build());
        String topic = KitSupport.namespace() + ".outage";
        Set<String> received = ConcurrentHashMap.newKeySet();
        broker.subscribe(SubscriptionSpec.of("outage", topic, "crew", 2), delivery -> {
            received.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
            delivery.ack();
        });

        List<CompletableFuture<Void>> before = publish(topic, 0, 100);
        CompletableFuture.allOf(before.toArray(CompletableFuture[]::new)).join();
        KitSupport.waitAtMost(Duration.ofSeconds(60)).until(() -> received.size() >= 50);

        proxy.cut();
        List<CompletableFuture<Void>> during = publish(topic, 100, 200);
        KitSupport.waitAtMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(3))
            .until(() -> during.stream().noneMatch(CompletableFuture::isDone) && received.size() <= 100);
        proxy.restore();

        CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).join();
        KitSupport.waitAtMost(Duration.ofSeconds(90)).until(() -> received.size() == 200);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("m" + i);
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
    }

    private List<CompletableFuture<Void>> publish(String topic, int from, int to) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sends.add(broker.publish(Envelope.builder().id(UUID.randomUUID().toString()).topic(topic)
                .data(("m" + i).getBytes(StandardCharsets.UTF_8)).build()));
        }
        return sends;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
