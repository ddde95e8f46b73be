package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AckMode;
import dev.amb.Message;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.redis.RedisTestSupport.Order;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.kit.RequiresRedis;
import dev.amb.spi.Delivery;
import dev.amb.spi.GroupKey;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the compatibility kit does not cover for Streams mode: durability across consumer
 * restarts and crashes, lease renewal, delayed redelivery with the delivery count, discovery of new
 * streams, trimming, and the entry format.
 */
@RequiresRedis
class RedisStreamsIntegrationTests {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    /**
     * @param topic the one pattern of a subscription in AMB group {@code workers}
     * @return its Redis consumer group: {@code amb:} and the {@link GroupKey} id, written out here
     *         rather than taken from the adapter (the format is documented)
     */
    private static String group(String topic) {
        return "amb:workers|" + topic;
    }

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

    @Test
    void groupReceivesWhatWasPublishedWhileNoMemberRan() {
        String topic = namespace + ".durable";
        Recorder<Integer> first = new Recorder<>();
        Subscription member = resources.bus(streams(), "first").subscribe(
                SubscriptionOptions.pattern(topic).group("workers"), Integer.class, first);
        DefaultMessageBus producer = resources.bus(streams(), "producer");
        producer.publish(topic, 0).join();
        await().until(() -> first.count() == 1);
        member.close();

        for (int i = 1; i <= 50; i++) {
            producer.publish(topic, i).join();
        }
        Recorder<Integer> restarted = new Recorder<>();
        resources.bus(streams(), "restarted").subscribe(SubscriptionOptions.pattern(topic).group("workers"),
                Integer.class, restarted);

        await().until(() -> restarted.count() == 50);
        assertThat(restarted.payloads()).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
    }

    // The two crash tests work on the broker SPI: what they check (the entry comes back, with its
    // delivery count) is the adapter's promise; what the bus then does with a second delivery
    // (handle it, or dead-letter it when its retry policy allows one attempt only) is the bus's.

    @Test
    void entriesLeftPendingByACrashedConsumerAreClaimedWithTheirDeliveryCount() {
        String topic = namespace + ".crash";
        RedisBroker crashing = resources.broker(streams().claimIdleTime(Duration.ofMillis(300)));
        List<Delivery> taken = new CopyOnWriteArrayList<>();
        crashing.subscribe(SubscriptionSpec.of("crashing", topic, "workers", 1), taken::add); // never settles
        DefaultMessageBus producer = resources.bus(streams(), "producer");
        producer.publish(topic, 1).join();
        await().until(() -> taken.size() == 1);

        crashing.connector().close(); // the process loses Redis for good: no ack, no renewal, no hand-back
        List<Delivery> claimed = new CopyOnWriteArrayList<>();
        resources.broker(streams().claimIdleTime(Duration.ofMillis(300)))
            .subscribe(SubscriptionSpec.of("survivor", topic, "workers", 1), delivery -> {
                claimed.add(delivery);
                delivery.ack();
            });

        await().until(() -> claimed.size() == 1);
        assertThat(claimed.get(0).envelope().id()).isEqualTo(taken.get(0).envelope().id());
        assertThat(new String(claimed.get(0).envelope().data(), StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(claimed.get(0).deliveryAttempt()).isEqualTo(2);
        await().until(() -> pendingCount(topic, group(topic)) == 0);
    }

    @Test
    void entriesReadByAPlainConsumerThatDiedAreClaimed() {
        String topic = namespace + ".abandoned";
        String key = streamKey(topic);
        DefaultMessageBus producer = resources.bus(streams(), "producer");
        RedisTestSupport.withRedis(redis -> redis.xgroupCreate(StreamOffset.from(key, "0"), group(topic),
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream()));
        for (int i = 0; i < 10; i++) {
            producer.publish(topic, i).join();
        }
        assertThat(readAsAConsumerThatThenDies(key, group(topic), 10)).hasSize(10);

        List<Delivery> claimed = new CopyOnWriteArrayList<>();
        resources.broker(streams().claimIdleTime(Duration.ofMillis(200)))
            .subscribe(SubscriptionSpec.of("survivor", topic, "workers", 1), delivery -> {
                claimed.add(delivery);
                delivery.ack();
            });

        await().until(() -> claimed.size() == 10);
        assertThat(claimed).extracting(d -> new String(d.envelope().data(), StandardCharsets.UTF_8))
            .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(claimed).allSatisfy(delivery -> assertThat(delivery.deliveryAttempt()).isEqualTo(2));
        await().until(() -> pendingCount(topic, group(topic)) == 0);
    }

    @Test
    void slowHandlerKeepsItsEntryFromTheOtherMembers() throws Exception {
        String topic = namespace + ".slow";
        Duration claimIdle = Duration.ofMillis(200);
        List<String> handledBy = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        resources.bus(streams().claimIdleTime(claimIdle), "slow").subscribe(
                SubscriptionOptions.pattern(topic).group("workers"), Integer.class, message -> {
                    handledBy.add("slow");
                    release.await(10, TimeUnit.SECONDS);
                });
        resources.bus(streams().claimIdleTime(claimIdle), "eager").subscribe(
                SubscriptionOptions.pattern(topic).group("workers"), Integer.class, message -> handledBy.add("eager"));
        DefaultMessageBus producer = resources.bus(streams(), "producer");

        producer.publish(topic, 1).join();
        await().until(() -> handledBy.size() == 1);
        // many claim-idle-times pass while the handler works; the entry must not move
        await().during(claimIdle.multipliedBy(5)).until(() -> handledBy.size() == 1);
        release.countDown();

        await().until(() -> pendingCount(topic, group(topic)) == 0);
        assertThat(handledBy).hasSize(1);
    }

    @Test
    void rejectWithRequeueRedeliversAfterTheDelayWithTheNextAttempt() {
        String topic = namespace + ".manual";
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        resources.bus(streams(), "manual").subscribe(
                SubscriptionOptions.pattern(topic).group("workers").ackMode(AckMode.MANUAL), String.class, message -> {
                    attempts.add(message.deliveryAttempt());
                    if (message.deliveryAttempt() < 3) {
                        message.reject(true, Duration.ofMillis(100));
                    }
                    else {
                        message.ack();
                    }
                });

        resources.bus(streams(), "producer").publish(topic, "retry me").join();

        await().until(() -> attempts.size() == 3);
        assertThat(attempts).containsExactly(1, 2, 3);
        await().until(() -> pendingCount(topic, group(topic)) == 0);
    }

    @Test
    void wildcardSubscriptionReadsStreamsCreatedAfterItStartedFromTheirFirstEntry() {
        Recorder<String> received = new Recorder<>();
        resources.bus(streams(), "watcher").subscribe(namespace + ".#", String.class, received);
        DefaultMessageBus producer = resources.bus(streams(), "producer");

        producer.publish(namespace + ".brand.new", "first").join();
        producer.publish(namespace + ".brand.new", "second").join();
        producer.publish(namespace + ".other", "third").join();

        await().until(() -> received.count() == 3);
        assertThat(received.payloads()).containsExactlyInAnyOrder("first", "second", "third");
    }

    @Test
    void streamsAreTrimmedToAboutTheConfiguredLength() {
        String topic = namespace + ".trimmed";
        DefaultMessageBus producer = resources.bus(streams().streamMaxLen(100), "producer");

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            sends.add(producer.publish(topic, i));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        long length = RedisTestSupport.withRedis(redis -> redis.xlen(streamKey(topic)));
        // "MAXLEN ~" trims whole radix-tree nodes (100 entries each by default), so a little more stays
        assertThat(length).isBetween(100L, 300L);
    }

    @Test
    void entriesUseCloudEventsBinaryModeFieldsAndPlainEntriesReachTypedSubscribers() {
        String topic = namespace + ".orders";
        String key = streamKey(topic);
        Recorder<Order> received = new Recorder<>();
        DefaultMessageBus bus = resources.bus(streams(), "orders-agent");
        bus.subscribe(topic, Order.class, received);

        bus.publish(topic, new Order("o-1", 2), Map.of("priority", "high")).join();
        RedisTestSupport.withRedis(redis -> redis.xadd(key, Map.of("data", "{\"id\":\"o-2\",\"quantity\":5}")));

        await().until(() -> received.count() == 2);
        assertThat(received.payloads()).containsExactly(new Order("o-1", 2), new Order("o-2", 5));
        Map<String, String> fields = RedisTestSupport.withRedis(redis -> redis.xrange(key, Range.create("-", "+")))
            .get(0).getBody();
        assertThat(fields).containsEntry("ce_specversion", "1.0").containsEntry("ce_type", topic)
            .containsEntry("ce_source", "orders-agent").containsEntry("ce_datacontenttype", "application/json")
            .containsEntry("priority", "high").containsEntry("data", "{\"id\":\"o-1\",\"quantity\":2}")
            .containsKeys("ce_id", "ce_time");
    }

    @Test
    void pausedSubscriptionStopsReadingAndItsEntriesWaitInRedis() {
        String topic = namespace + ".paused";
        RedisBroker broker = resources.broker(streams());
        List<Delivery> received = new CopyOnWriteArrayList<>();
        var subscription = broker.subscribe(SubscriptionSpec.of("paused", topic, "workers", 1), delivery -> {
            received.add(delivery);
            delivery.ack();
        });
        DefaultMessageBus producer = resources.bus(streams(), "producer");

        subscription.pause();
        for (int i = 0; i < 5; i++) {
            producer.publish(topic, i).join();
        }

        await().during(Duration.ofMillis(500)).until(received::isEmpty);
        assertThat(undelivered(topic, group(topic))).as("entries not yet read by the group").isEqualTo(5);
        subscription.resume();
        await().until(() -> received.size() == 5);
        await().until(() -> pendingCount(topic, group(topic)) == 0);
    }

    /** Entries of the stream the group has not read yet (its lag). */
    private long undelivered(String topic, String group) {
        String key = streamKey(topic);
        List<Object> groups = RedisTestSupport.withRedis(redis -> redis.xinfoGroups(key));
        for (Object info : groups) {
            List<?> fields = (List<?>) info;
            if (group.equals(String.valueOf(fields.get(fields.indexOf("name") + 1)))) {
                return ((Number) fields.get(fields.indexOf("lag") + 1)).longValue();
            }
        }
        throw new AssertionError("no group " + group + " on " + key);
    }

    @Test
    void closingABroadcastSubscriptionRemovesItsConsumerGroup() {
        String topic = namespace + ".observed";
        Subscription subscription = resources.bus(streams(), "observer").subscribe(topic, String.class, message -> {
        });
        String key = streamKey(topic);
        assertThat(groupCount(key)).isEqualTo(1);

        subscription.close();

        assertThat(groupCount(key)).isZero();
    }

    @Test
    void aMultiPatternGroupIsOneRedisGroupThatReadsEachStreamOnce() {
        String created = namespace + ".multi.created";
        String paid = namespace + ".multi.paid";
        List<String> patterns = List.of(namespace + ".multi.*", created);
        Recorder<String> handled = new Recorder<>();
        resources.bus(streams(), "multi").subscribe(SubscriptionOptions.patterns(patterns).group("workers"),
                String.class, handled);
        DefaultMessageBus producer = resources.bus(streams(), "producer");
        producer.publish(created, "created-0").join();
        producer.publish(paid, "paid-0").join();
        await().until(() -> handled.count() >= 2);
        producer.publish(created, "created-1").join();
        await().until(() -> handled.count() >= 3);

        String redisGroup = "amb:" + GroupKey.of("workers", patterns).id();
        assertThat(groupNames(streamKey(created))).containsExactly(redisGroup);
        assertThat(groupNames(streamKey(paid))).containsExactly(redisGroup);
        await().during(Duration.ofMillis(300)).until(() -> handled.count() == 3);
        assertThat(handled.payloads()).containsExactlyInAnyOrder("created-0", "paid-0", "created-1");
    }

    private static List<String> groupNames(String key) {
        List<Object> groups = RedisTestSupport.withRedis(redis -> redis.xinfoGroups(key));
        List<String> names = new ArrayList<>();
        for (Object group : groups) {
            List<?> fields = (List<?>) group;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("name".equals(String.valueOf(fields.get(i)))) {
                    names.add(String.valueOf(fields.get(i + 1)));
                }
            }
        }
        return names;
    }

    private static int groupCount(String key) {
        List<Object> groups = RedisTestSupport.withRedis(redis -> redis.xinfoGroups(key));
        return groups.size();
    }

    @SuppressWarnings("unchecked") // Lettuce takes stream offsets as generic varargs
    private static List<StreamMessage<String, String>> readAsAConsumerThatThenDies(String key, String group, int count) {
        return RedisTestSupport.withRedis(redis -> redis.xreadgroup(Consumer.from(group, "dead-consumer"),
                XReadArgs.Builder.count(count), StreamOffset.lastConsumed(key)));
    }

    private long pendingCount(String topic, String group) {
        return RedisTestSupport.withRedis(redis -> redis.xpending(streamKey(topic), group)).getCount();
    }

    /** The stream of a topic, written out here rather than taken from the adapter: the format is documented. */
    private static String streamKey(String topic) {
        return KEY_PREFIX + "stream:" + topic;
    }

    private static RedisBrokerSettings.Builder streams() {
        return RedisTestSupport.settings(KEY_PREFIX).useStreams(true).discoveryInterval(Duration.ofMillis(100));
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10));
    }
}
