package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessage;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.SubscriptionOptions;
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
 * What a Streams subscription does with the entries it holds (review items 3, 5, 6, 8 and 13):
 * bounded read-ahead, hand-back when paused, renewal that never takes an entry back, trimmed
 * pending entries, and a lost topic registry.
 */
@RequiresRedis
class RedisStreamsHeldEntriesIntegrationTests {

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

    @Test
    void aPausedMemberHandsWhatItHoldsBackUntriedAndAnotherMemberHandlesIt() throws Exception {
        String topic = namespace + ".handback";
        SubscriptionSpec spec = SubscriptionSpec.of("member", topic, "workers", 1);
        CountDownLatch release = new CountDownLatch(1);
        List<Delivery> first = new CopyOnWriteArrayList<>();
        BrokerSubscription paused = resources.broker(streams()).subscribe(spec, delivery -> {
            first.add(delivery);
            try {
                release.await(30, TimeUnit.SECONDS); // the first entry stays in the handler; the rest wait queued
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            delivery.ack();
        });
        publish(topic, 10);
        await().until(() -> first.size() == 1 && pendingCount(topic) >= 2);

        paused.pause();
        List<Delivery> other = new CopyOnWriteArrayList<>();
        resources.broker(streams()).subscribe(spec, delivery -> {
            other.add(delivery);
            delivery.ack();
        });

        await().until(() -> other.size() >= 9);
        release.countDown();
        assertThat(other).extracting(Delivery::deliveryAttempt).as("handing back is no delivery attempt").containsOnly(1);
        assertThat(other).extracting(d -> d.envelope().id()).doesNotContain(first.get(0).envelope().id())
            .doesNotHaveDuplicates();
        await().until(() -> pendingCount(topic) == 0);
        assertThat(first).hasSize(1);
    }

    @Test
    void readAheadIsBoundedByWhatTheHandlerGetsThroughWithinTheClaimIdleTime() {
        String topic = namespace + ".bounded";
        AtomicLong maxPending = new AtomicLong();
        AtomicInteger handled = new AtomicInteger();
        resources.broker(streams().claimIdleTime(Duration.ofSeconds(2)))
            .subscribe(SubscriptionSpec.of("slow", topic, "workers", 1), delivery -> {
                maxPending.accumulateAndGet(pendingCount(topic), Math::max);
                long end = System.nanoTime() + Duration.ofMillis(100).toNanos();
                while (System.nanoTime() < end) {
                    java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
                }
                handled.incrementAndGet();
                delivery.ack();
            });
        publish(topic, 60);

        await().until(() -> handled.get() == 60);
        // 100 ms each, half of the 2 s claim idle time: about 10 held at a time, never the whole backlog
        assertThat(maxPending.get()).isBetween(1L, 20L);
    }

    @Test
    void aLateRenewalDoesNotTakeBackAnEntryAnotherMemberClaimed() {
        String topic = namespace + ".late-renewal";
        CountDownLatch release = new CountDownLatch(1);
        List<Delivery> held = new CopyOnWriteArrayList<>();
        resources.broker(streams().claimIdleTime(Duration.ofMillis(600)))
            .subscribe(SubscriptionSpec.of("stalled", topic, "workers", 1), delivery -> {
                held.add(delivery);
                try {
                    release.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
        publish(topic, 1);
        await().until(() -> held.size() == 1);
        String id = pending(topic).get(0).getId();

        // another member claims it, as it would after this one stalled for longer than the claim idle time
        RedisTestSupport.withRedis(redis -> redis.xclaim(streamKey(topic), Consumer.from(group(topic), "other-member"),
                XClaimArgs.Builder.minIdleTime(0), id));

        // several renewal rounds (every 200 ms) later the entry is still the other member's
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
            .until(() -> "other-member".equals(pending(topic).get(0).getConsumer()));
        release.countDown();
    }

    @Test
    @SuppressWarnings("unchecked") // Lettuce takes stream offsets as generic varargs
    void aPendingEntryTrimmedBeforeItWasHandledIsCountedAndLeavesThePendingList() {
        String topic = namespace + ".trimmed";
        String key = streamKey(topic);
        RedisTestSupport.withRedis(redis -> redis.xgroupCreate(StreamOffset.from(key, "0"), group(topic),
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream()));
        String id = RedisTestSupport.withRedis(redis -> redis.xadd(key, "data", "\"lost\""));
        RedisTestSupport.withRedis(redis -> redis.xreadgroup(Consumer.from(group(topic), "dead-consumer"),
                XReadArgs.Builder.count(1), StreamOffset.lastConsumed(key)));
        RedisTestSupport.withRedis(redis -> redis.xdel(key, id)); // trimmed while pending with a dead consumer

        var subscription = (StreamSubscription) resources.broker(streams().claimIdleTime(Duration.ofMillis(300)))
            .subscribe(SubscriptionSpec.of("survivor", topic, "workers", 1), Delivery::ack);

        await().until(() -> subscription.trimmedCount() == 1);
        await().until(() -> pendingCount(topic) == 0);
    }

    @Test
    void aWildcardSubscriptionFindsExistingStreamsAfterTheTopicRegistryWasLost() {
        String topic = namespace + ".registry.lost";
        DefaultMessageBus producer = resources.bus(streams(), "producer");
        producer.publish(topic, "before").join();
        RedisTestSupport.withRedis(redis -> redis.del(KEY_PREFIX + "topics"));

        Recorder<String> wildcard = new Recorder<>();
        resources.bus(streams(), "late-wildcard").subscribe(SubscriptionOptions.pattern(namespace + ".registry.*"),
                String.class, wildcard);
        producer.publish(topic, "after").join();

        await().until(() -> wildcard.payloads().contains("after"));
        assertThat(wildcard.payloads()).doesNotContain("before");
    }

    private void publish(String topic, int count) {
        RedisBroker producer = resources.broker(streams());
        List<java.util.concurrent.CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(producer.publish(Envelope.builder().id(UUID.randomUUID().toString()).topic(topic)
                .data(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).build()));
        }
        sends.forEach(java.util.concurrent.CompletableFuture::join);
    }

    private static List<PendingMessage> pending(String topic) {
        return RedisTestSupport.withRedis(redis -> redis.xpending(streamKey(topic), group(topic),
                Range.<String>unbounded(), Limit.from(100)));
    }

    private static long pendingCount(String topic) {
        return RedisTestSupport.withRedis(redis -> redis.xpending(streamKey(topic), group(topic))).getCount();
    }

    private static String group(String topic) {
        return "amb:workers|" + topic;
    }

    private static String streamKey(String topic) {
        return KEY_PREFIX + "stream:" + topic;
    }

    private static RedisBrokerSettings.Builder streams() {
        return RedisTestSupport.settings(KEY_PREFIX).useStreams(true).discoveryInterval(Duration.ofMillis(100))
            .claimIdleTime(Duration.ofMillis(500));
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
    }
}
