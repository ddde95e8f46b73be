package dev.amb.broker.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue-tag registry across instances: brokers that share nothing but the server and the
 * queue prefix find each other's subscriptions within the refresh interval, share a group's work
 * queue, and delete the broadcast queues of crashed instances.
 */
class SqsRegistryIntegrationTests {

    private static ElasticMq server;

    private static SqsAsyncClient client;

    private final List<SqsBroker> brokers = new ArrayList<>();

    private final List<DefaultMessageBus> buses = new ArrayList<>();

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

    @AfterEach
    void closeInstances() {
        buses.forEach(DefaultMessageBus::close);
        brokers.forEach(SqsBroker::close);
    }

    private DefaultMessageBus instance(String name, SqsSettings settings) {
        SqsBroker broker = new SqsBroker(client, false, settings);
        brokers.add(broker);
        DefaultMessageBus bus = DefaultMessageBus.builder(broker).agentId(name).serializer(new JsonMessageSerializer())
            .shutdownTimeout(Duration.ofSeconds(5)).build();
        buses.add(bus);
        return bus;
    }

    @Test
    void otherInstancesSubscriptionsAreFoundWithinTheRefreshAndGroupsAreSharedAcrossThem() throws Exception {
        SqsSettings settings = ElasticMq.testSettings(); // 500 ms refresh
        DefaultMessageBus publisher = instance("publisher", settings);
        DefaultMessageBus first = instance("first", settings);
        DefaultMessageBus second = instance("second", settings);
        Recorder<Integer> broadcast = new Recorder<>();
        Recorder<Integer> memberOne = new Recorder<>();
        Recorder<Integer> memberTwo = new Recorder<>();
        first.subscribe(SubscriptionOptions.pattern("jobs.#.urgent"), Integer.class, broadcast);
        first.subscribe(SubscriptionOptions.pattern("jobs.*.urgent").group("workers"), Integer.class, memberOne);
        second.subscribe(SubscriptionOptions.pattern("jobs.*.urgent").group("workers"), Integer.class, memberTwo);

        long start = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            publisher.publish("jobs.eu.urgent", -1).join();
            return broadcast.count() > 0 && memberOne.count() + memberTwo.count() > 0;
        });
        Duration discovery = Duration.ofNanos(System.nanoTime() - start);
        assertThat(discovery).as("discovery of another instance's subscriptions").isLessThan(Duration.ofSeconds(15));

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sends.add(publisher.publish("jobs.eu.urgent", i));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> numbered(memberOne).size() + numbered(memberTwo).size() >= 100 && numbered(broadcast).size() >= 100);
        Set<Integer> shared = new HashSet<>(numbered(memberOne));
        shared.addAll(numbered(memberTwo));
        assertThat(shared).hasSize(100);
        assertThat(numbered(memberOne).size() + numbered(memberTwo).size()).isEqualTo(100);
        assertThat(numbered(memberOne)).isNotEmpty();
        assertThat(numbered(memberTwo)).isNotEmpty();
        assertThat(new HashSet<>(numbered(broadcast))).hasSize(100);
    }

    @Test
    void broadcastQueuesOfCrashedInstancesAreDeletedAndLiveOnesKept() {
        SqsSettings base = ElasticMq.testSettings();
        SqsSettings settings = new SqsSettings(base.queuePrefix(), base.visibilityTimeout(), base.waitTime(), 10, false,
                false, false, 10, base.registryRefresh(), Duration.ofMinutes(1), base.maxMessageBytes(),
                base.shutdownTimeout());
        try (SqsClient plain = server.client()) {
            String dead = plain.createQueue(b -> b.queueName(base.queuePrefix() + "-b-crashed-1")
                .tags(Map.of(SqsQueues.KIND, SqsQueues.BROADCAST, SqsQueues.PATTERN + "0", "news.#",
                        SqsQueues.HEARTBEAT, Long.toString(Instant.now().minusSeconds(3600).getEpochSecond()))))
                .queueUrl();
            DefaultMessageBus alive = instance("alive", settings);
            alive.subscribe("news.#", String.class, new Recorder<>());
            instance("reaper", settings);

            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !plain.listQueues(b -> b.queueNamePrefix(base.queuePrefix())).queueUrls().contains(dead));
            assertThat(plain.listQueues(b -> b.queueNamePrefix(base.queuePrefix() + "-b-")).queueUrls())
                .as("the live instance's broadcast queue").hasSize(1);
        }
    }

    private static List<Integer> numbered(Recorder<Integer> recorder) {
        return recorder.messages().stream().map(Message::data).filter(n -> n >= 0).toList();
    }
}
