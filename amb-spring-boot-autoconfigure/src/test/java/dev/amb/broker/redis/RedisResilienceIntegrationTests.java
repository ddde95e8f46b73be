package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisURI;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.amb.AmbException;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.kit.RequiresRedis;
import dev.amb.kit.TcpProxy;
import dev.amb.spi.Delivery;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis going away and coming back. Connections are killed with {@code CLIENT KILL ID} (only this
 * test's, found by their client name) or cut by a {@link TcpProxy}, never by restarting the shared
 * server.
 */
@RequiresRedis
class RedisResilienceIntegrationTests {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    private final String namespace = KitSupport.namespace();

    private final RedisResources resources = new RedisResources(Duration.ofSeconds(2));

    @AfterEach
    void close() throws Exception {
        resources.close();
    }

    @AfterAll
    static void deleteStreams() {
        RedisTestSupport.deleteKeys(KEY_PREFIX);
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = { false, true })
    void deliveryResumesAfterEveryConnectionIsKilled(boolean streams) {
        String clientName = "amb-it-" + UUID.randomUUID();
        RedisBrokerSettings settings = RedisTestSupport.settings(KEY_PREFIX).useStreams(streams).build();
        DefaultMessageBus subscriber = resources.bus(resources.broker(named(clientName), settings), "subscriber");
        DefaultMessageBus publisher = resources.bus(resources.broker(RedisTestSupport.uri(), settings), "publisher");
        Recorder<String> received = new Recorder<>();
        String topic = namespace + ".resume";
        subscriber.subscribe(topic, String.class, received);

        assertThat(killClients(clientName)).isGreaterThanOrEqualTo(2);

        AtomicInteger probes = new AtomicInteger();
        await().until(() -> {
            publisher.publish(topic, "probe-" + probes.incrementAndGet()).join();
            return received.count() > 0;
        });
        int before = received.count();
        for (int i = 0; i < 20; i++) {
            publisher.publish(topic, "after-" + i).join();
        }
        await().until(() -> received.count() >= before + 20);
        assertThat(received.payloads()).contains("after-0", "after-19");
    }

    @org.junit.jupiter.api.Test
    void everyMessageWhosePublishCompletedIsHandledDespiteKilledConnections() throws Exception {
        String publisherName = "amb-it-pub-" + UUID.randomUUID();
        String consumerName = "amb-it-sub-" + UUID.randomUUID();
        RedisBrokerSettings settings = RedisTestSupport.settings(KEY_PREFIX).useStreams(true)
            .claimIdleTime(Duration.ofMillis(500)).build();
        Set<Integer> handled = ConcurrentHashMap.newKeySet();
        String topic = namespace + ".nothing-lost";
        // on the broker SPI: entries lost in flight come back as second deliveries, which a bus with a
        // one-attempt retry policy would dead-letter rather than hand to its handler
        resources.broker(named(consumerName), settings).subscribe(SubscriptionSpec.of("consumer", topic, "workers", 1),
                delivery -> {
                    handled.add(Integer.valueOf(new String(delivery.envelope().data(), StandardCharsets.UTF_8)));
                    delivery.ack();
                });
        DefaultMessageBus publisher = resources.bus(resources.broker(named(publisherName), settings), "publisher");

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            sends.add(publisher.publish(topic, i));
            if (i == 1000 || i == 2000) {
                killClients(publisherName);
                killClients(consumerName);
            }
            if (i % 100 == 99) { // batches of 100 in flight, so publishing goes on while connections come back
                CompletableFuture.allOf(sends.subList(i - 99, i + 1).toArray(CompletableFuture[]::new))
                    .exceptionally(ex -> null)
                    .get(30, TimeUnit.SECONDS);
            }
        }
        Set<Integer> accepted = new java.util.HashSet<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(30, TimeUnit.SECONDS);
                accepted.add(i);
            }
            catch (ExecutionException ex) {
                assertThat(ex.getCause()).isInstanceOf(AmbException.class);
            }
        }

        assertThat(accepted).hasSizeGreaterThan(1000);
        await().untilAsserted(() -> assertThat(handled).containsAll(accepted));
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = { false, true })
    void publishingWhileRedisIsUnreachableFailsAtOnceAndWorksAgainWhenItIsBack(boolean streams) throws Exception {
        TcpProxy proxy = new TcpProxy(RedisTestSupport.HOST, RedisTestSupport.PORT);
        resources.add(proxy::close);
        RedisURI viaProxy = RedisURI.builder().withHost(RedisTestSupport.HOST).withPort(proxy.port())
            .withTimeout(Duration.ofSeconds(2)).build();
        RedisBrokerSettings settings = RedisTestSupport.settings(KEY_PREFIX).useStreams(streams).build();
        RedisBroker broker = resources.broker(viaProxy, settings);
        DefaultMessageBus bus = resources.bus(broker, "fragile-agent");
        Recorder<String> received = new Recorder<>();
        String topic = namespace + ".outage";
        bus.subscribe(topic, String.class, received);
        bus.publish(topic, "before").join();
        await().until(() -> received.count() == 1);
        assertThat(broker.connectionProblem()).as("health while connected").isNull();

        proxy.cut();

        await().until(() -> broker.connectionProblem() != null);
        assertThat(broker.connectionProblem()).as("health while cut off").contains("not connected")
            .contains(String.valueOf(proxy.port()));

        await().untilAsserted(() -> assertThatThrownBy(() -> bus.publish(topic, "lost").get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(AmbException.class)
            .hasMessageContaining(topic));

        proxy.restore();

        await().until(() -> {
            try {
                bus.publish(topic, "back").get(10, TimeUnit.SECONDS);
                return received.payloads().contains("back");
            }
            catch (ExecutionException ex) {
                return false;
            }
        });
        await().until(() -> broker.connectionProblem() == null);
    }

    @org.junit.jupiter.api.Test
    void afterAReconnectTheStreamReaderUnblocksItsOwnConnectionNotAStaleId() {
        String clientName = "amb-it-unblock-" + UUID.randomUUID();
        RedisBrokerSettings settings = RedisTestSupport.settings(KEY_PREFIX).useStreams(true).build();
        StreamSubscription subscription = (StreamSubscription) resources.broker(named(clientName), settings)
            .subscribe(SubscriptionSpec.of("reader", namespace + ".unblock", null, 1), delivery -> delivery.ack());
        await().until(() -> clientIds(clientName).contains(subscription.readerClientId()));

        assertThat(killClients(clientName)).isGreaterThanOrEqualTo(2);

        // the id CLIENT UNBLOCK would use is the new connection's, never the killed one's
        await().until(() -> clientIds(clientName).contains(subscription.readerClientId()));
    }

    @org.junit.jupiter.api.Test
    void closingWhileRedisHangsStaysWithinTheShutdownGrace() throws Exception {
        TcpProxy proxy = new TcpProxy(RedisTestSupport.HOST, RedisTestSupport.PORT);
        resources.add(proxy::close);
        RedisURI viaProxy = RedisURI.builder().withHost(RedisTestSupport.HOST).withPort(proxy.port())
            .withTimeout(Duration.ofSeconds(2)).build();
        RedisBroker broker = RedisTestSupport.broker(viaProxy, RedisTestSupport.settings(KEY_PREFIX).useStreams(true)
            .shutdownGrace(Duration.ofSeconds(1)).build());
        resources.add(broker::close);
        for (int i = 0; i < 4; i++) {
            broker.subscribe(SubscriptionSpec.of("s" + i, namespace + ".close." + i, "workers", 1), Delivery::ack);
        }
        proxy.stall(); // Redis hangs: every command waits for its 2 s time-out

        long start = System.nanoTime();
        broker.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // 1 s of grace for the subscriptions side by side, then at most 2 s for the client's shutdown;
        // one at a time, each waiting the command time-out for its reader and its clean-up, it took
        // 4 x (2 + 2) s
        assertThat(took).isLessThan(Duration.ofSeconds(7));
    }

    private static List<Long> clientIds(String clientName) {
        return RedisTestSupport.withRedis(redis -> {
            List<Long> ids = new ArrayList<>();
            for (String line : redis.clientList().split("\n")) {
                if (line.contains(" name=" + clientName + " ")) {
                    ids.add(Long.parseLong(line.substring(3, line.indexOf(' '))));
                }
            }
            return ids;
        });
    }

    private static RedisURI named(String clientName) {
        RedisURI uri = RedisTestSupport.uri();
        uri.setClientName(clientName);
        return uri;
    }

    /** Kills every connection with the given client name; returns how many. */
    private static int killClients(String clientName) {
        return RedisTestSupport.withRedis(redis -> {
            int killed = 0;
            for (String line : redis.clientList().split("\n")) {
                if (line.contains(" name=" + clientName + " ")) {
                    long id = Long.parseLong(line.substring(3, line.indexOf(' ')));
                    killed += redis.clientKill(KillArgs.Builder.id(id)).intValue();
                }
            }
            return killed;
        });
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50));
    }
}
