package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.redis.RedisTestSupport.Order;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.kit.RequiresRedis;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the compatibility kit does not cover for pub/sub mode: plain clients, groups across broker
 * instances, the bounded queue while paused, and invalid CloudEvents.
 */
@RequiresRedis
class RedisPubSubIntegrationTests {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    private final String namespace = KitSupport.namespace();

    private final RedisResources resources = new RedisResources(Duration.ofSeconds(5));

    @AfterEach
    void close() throws Exception {
        resources.close();
    }

    @AfterAll
    static void deleteClaims() {
        RedisTestSupport.deleteKeys(KEY_PREFIX);
    }

    @Test
    void plainJsonPublishedByAnotherClientReachesATypedSubscriber() {
        // MessageBus.subscribe with a record type; the @AgentListener form is tested where the annotation lives
        DefaultMessageBus bus = resources.bus(RedisTestSupport.settings(KEY_PREFIX), "typed-agent");
        Recorder<Order> received = new Recorder<>();
        String topic = namespace + ".orders.created";
        bus.subscribe(topic, Order.class, received);

        long receivers = RedisTestSupport.withRedis(redis -> redis.publish(topic, "{\"id\":\"o-1\",\"quantity\":3}"));

        assertThat(receivers).isEqualTo(1);
        await().until(() -> received.count() == 1);
        Message<Order> message = received.messages().get(0);
        assertThat(message.data()).isEqualTo(new Order("o-1", 3));
        assertThat(message.topic()).isEqualTo(topic);
        assertThat(message.sender()).isNull();
    }

    @Test
    void groupMembersInDifferentBrokerInstancesShareEachMessageOnce() {
        String topic = namespace + ".work";
        List<Recorder<String>> members = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            DefaultMessageBus bus = resources.bus(RedisTestSupport.settings(KEY_PREFIX), "instance-" + instance);
            for (int member = 0; member < 2; member++) {
                Recorder<String> recorder = new Recorder<>();
                bus.subscribe(SubscriptionOptions.pattern(topic).group("workers"), String.class, recorder);
                members.add(recorder);
            }
        }
        DefaultMessageBus producer = resources.bus(RedisTestSupport.settings(KEY_PREFIX), "producer");

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(producer.publish(topic, "job-" + i));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        await().until(() -> total(members) >= 200);
        await().during(Duration.ofMillis(300)).until(() -> total(members) == 200);
        Set<String> payloads = new HashSet<>();
        members.forEach(member -> payloads.addAll(member.payloads()));
        assertThat(payloads).hasSize(200);
    }

    @Test
    void pausedSubscriptionHoldsMessagesInItsBoundedQueueAndCountsWhatDidNotFit() {
        RedisBroker broker = resources.broker(RedisTestSupport.settings(KEY_PREFIX).queueCapacity(3));
        DefaultMessageBus publisher = resources.bus(broker, "publisher");
        List<String> handled = new CopyOnWriteArrayList<>();
        String topic = namespace + ".held";
        BrokerSubscription subscription = broker.subscribe(SubscriptionSpec.of("held", topic, null, 1), delivery -> {
            handled.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
            delivery.ack();
        });

        subscription.pause();
        for (int i = 0; i < 10; i++) {
            publisher.publish(topic, "m" + i).join();
        }

        await().until(() -> ((PubSubSubscription) subscription).droppedCount() == 7);
        assertThat(handled).isEmpty();
        subscription.resume();
        await().until(() -> handled.size() == 3);
        assertThat(handled).containsExactly("\"m0\"", "\"m1\"", "\"m2\"");
    }

    @Test
    void nackRedeliversOnTheAdaptersTimerWithTheNextAttempt() {
        RedisBroker broker = resources.broker(RedisTestSupport.settings(KEY_PREFIX));
        DefaultMessageBus publisher = resources.bus(broker, "publisher");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        String topic = namespace + ".retry";
        broker.subscribe(SubscriptionSpec.of("retry", topic, null, 1), delivery -> {
            attempts.add(delivery.deliveryAttempt());
            if (delivery.deliveryAttempt() < 3) {
                delivery.nack(Duration.ofMillis(50));
            }
            else {
                delivery.ack();
            }
        });

        publisher.publish(topic, "again").join();

        await().until(() -> attempts.size() == 3);
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void invalidCloudEventGoesDownTheFailurePathAndTheSubscriptionKeepsWorking() {
        DefaultMessageBus bus = resources.bus(RedisTestSupport.settings(KEY_PREFIX), "strict-agent");
        Recorder<String> received = new Recorder<>();
        String topic = namespace + ".mixed";
        bus.subscribe(topic, String.class, received);

        RedisTestSupport.withRedis(redis -> redis.publish(topic, "{\"specversion\":\"2.0\",\"id\":\"x\"}"));
        bus.publish(topic, "valid").join();

        await().until(() -> received.count() == 1);
        assertThat(received.payloads()).containsExactly("valid");
        await().until(() -> bus.counters().undecodable() == 1);
    }

    @Test
    void closedSubscriptionLeavesTheChannelSoRedisStopsSendingIt() {
        RedisBroker broker = resources.broker(RedisTestSupport.settings(KEY_PREFIX));
        String topic = namespace + ".leaving";
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        BrokerSubscription first = broker.subscribe(SubscriptionSpec.of("a", topic, null, 1), deliveries::add);
        BrokerSubscription second = broker.subscribe(SubscriptionSpec.of("b", topic, null, 1), deliveries::add);
        assertThat(numberOfSubscribers(topic)).as("one Redis subscription for both").isEqualTo(1);

        first.close();
        assertThat(numberOfSubscribers(topic)).isEqualTo(1);
        second.close();

        await().until(() -> numberOfSubscribers(topic) == 0);
    }

    private static long numberOfSubscribers(String channel) {
        return RedisTestSupport.withRedis(redis -> redis.pubsubNumsub(channel).getOrDefault(channel, 0L));
    }

    @Test
    void brokerPublishesAStructuredCloudEventThatPlainSubscribersCanRead() {
        RedisBroker broker = resources.broker(RedisTestSupport.settings(KEY_PREFIX));
        String topic = namespace + ".plain.readers";
        Envelope envelope = Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).source("agent-1")
            .contentType("application/json").data("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).build();
        List<String> seen = new CopyOnWriteArrayList<>();
        var client = io.lettuce.core.RedisClient.create(RedisTestSupport.uri());
        resources.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(1)));
        var connection = client.connectPubSub();
        connection.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                seen.add(message);
            }
        });
        connection.sync().subscribe(topic);

        broker.publish(envelope).join();

        await().until(() -> seen.size() == 1);
        assertThat(seen.get(0)).contains("\"specversion\":\"1.0\"", "\"type\":\"" + topic + "\"", "\"source\":\"agent-1\"",
                "\"data\":{\"a\":1}");
    }

    @Test
    void aPausedInstanceLeavesTheGroupsMessagesToAnotherInstance() {
        String topic = namespace + ".paused-share";
        SubscriptionSpec spec = SubscriptionSpec.of("member", topic, "workers", 1);
        List<String> pausedGot = new CopyOnWriteArrayList<>();
        BrokerSubscription paused = resources.broker(RedisTestSupport.settings(KEY_PREFIX))
            .subscribe(spec, delivery -> {
                pausedGot.add(delivery.envelope().id());
                delivery.ack();
            });
        paused.pause();
        List<String> workingGot = new CopyOnWriteArrayList<>();
        resources.broker(RedisTestSupport.settings(KEY_PREFIX)).subscribe(spec, delivery -> {
            workingGot.add(delivery.envelope().id());
            delivery.ack();
        });
        RedisBroker publisher = resources.broker(RedisTestSupport.settings(KEY_PREFIX));
        for (int i = 0; i < 50; i++) {
            publisher.publish(Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).data(("m" + i).getBytes(StandardCharsets.UTF_8)).build())
                .join();
        }

        await().until(() -> workingGot.size() >= 50);
        paused.resume();
        await().during(Duration.ofMillis(500)).until(() -> workingGot.size() == 50 && pausedGot.isEmpty());
        assertThat(new HashSet<>(workingGot)).hasSize(50);
    }

    @Test
    void failingClaimsDeliverTheMessageRatherThanDropItOnEveryInstance() {
        String user = "amb-it-noclaim-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        // a user that may subscribe and publish but not SET: every claim fails with NOPERM
        RedisTestSupport.withRedis(redis -> redis.aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.on()
            .addPassword(password).allKeys().allChannels().allCommands().removeCommand(io.lettuce.core.protocol.CommandType.SET)));
        try {
            io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.builder(RedisTestSupport.uri())
                .withAuthentication(user, password.toCharArray()).build();
            String topic = namespace + ".claims-fail";
            SubscriptionSpec spec = SubscriptionSpec.of("member", topic, "workers", 1);
            Set<String> handled = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int instance = 0; instance < 2; instance++) {
                resources.broker(uri, RedisTestSupport.settings(KEY_PREFIX).build()).subscribe(spec, delivery -> {
                    handled.add(new String(delivery.envelope().data(), StandardCharsets.UTF_8));
                    delivery.ack();
                });
            }
            RedisBroker publisher = resources.broker(RedisTestSupport.settings(KEY_PREFIX));
            for (int i = 0; i < 10; i++) {
                publisher.publish(Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).data(("m" + i).getBytes(StandardCharsets.UTF_8))
                    .build()).join();
            }

            await().until(() -> handled.size() == 10);
        }
        finally {
            RedisTestSupport.withRedis(redis -> redis.aclDeluser(user));
        }
    }

    private static int total(List<Recorder<String>> members) {
        return members.stream().mapToInt(Recorder::count).sum();
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10));
    }
}
