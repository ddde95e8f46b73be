package dev.amb.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.MessageFilter;
import dev.amb.RequestTimeoutException;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.AmbMetrics;
import dev.amb.core.DefaultMessageBus;
import dev.amb.core.ManagedSubscription;
import dev.amb.resilience.Resilience4jRetryPolicy;
import dev.amb.resilience.RetrySettings;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bus's meters in a {@link SimpleMeterRegistry}: names, tags and values, and
 * {@link dev.amb.core.BusCounters} reading the same figures.
 */
class MicrometerBusMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MemoryBroker broker = new MemoryBroker();

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("metrics-agent")
        .serializer(new JsonMessageSerializer())
        .retryPolicy(new Resilience4jRetryPolicy(RetrySettings.defaults().withMaxRetries(1)
            .withInitialDelay(Duration.ofMillis(1))))
        .metrics(new MicrometerBusMetrics(registry))
        .build();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    @Test
    void countsPublishingReceivingHandlingRetriesAndDeadLettersPerSubscription() {
        bus.subscribe(SubscriptionOptions.pattern("orders.*").group("billing").id("billing"), String.class, message -> {
            if (message.data().equals("bad")) {
                throw new IllegalStateException("cannot bill");
            }
        });
        bus.publish("orders.new", "good").join();
        bus.publish("orders.new", "bad").join();

        Awaitility.await().atMost(10, TimeUnit.SECONDS)
            .untilAsserted(() -> assertThat(counter(AmbMetrics.DEAD_LETTERED, "billing")).isEqualTo(1));
        assertThat(counter(AmbMetrics.RECEIVED, "billing")).isEqualTo(2);
        assertThat(counter(AmbMetrics.HANDLED, "billing")).isEqualTo(1);
        assertThat(counter(AmbMetrics.RETRIED, "billing")).isEqualTo(1);
        Timer success = registry.get(AmbMetrics.HANDLER_DURATION).tags(AmbMetrics.TAG_SUBSCRIPTION, "billing",
                AmbMetrics.TAG_OUTCOME, "success").timer();
        Timer failure = registry.get(AmbMetrics.HANDLER_DURATION).tags(AmbMetrics.TAG_SUBSCRIPTION, "billing",
                AmbMetrics.TAG_OUTCOME, "failure").timer();
        assertThat(success.count()).isEqualTo(1);
        assertThat(failure.count()).isEqualTo(2);
        FunctionCounter received = registry.get(AmbMetrics.RECEIVED).tags(AmbMetrics.TAG_SUBSCRIPTION, "billing")
            .functionCounter();
        assertThat(received.getId().getTags()).extracting(tag -> tag.getKey() + "=" + tag.getValue())
            .containsExactlyInAnyOrder("broker=memory", "subscription=billing", "pattern=orders.*", "group=billing");
        // the original two and the dead letter
        assertThat(registry.get(AmbMetrics.PUBLISHED).tags(AmbMetrics.TAG_BROKER, "memory").functionCounter().count())
            .isEqualTo(3);
        assertThat(bus.counters().published()).isEqualTo(3);
        assertThat(bus.counters().delivered()).isEqualTo(2);
        assertThat(bus.counters().handled()).isEqualTo(1);
        assertThat(bus.counters().handlerFailures()).isEqualTo(2);
        assertThat(bus.counters().retries()).isEqualTo(1);
        assertThat(bus.counters().deadLettered()).isEqualTo(1);
    }

    @Test
    void countsFilteredMessages() {
        bus.subscribe(SubscriptionOptions.pattern("jobs").filter(MessageFilter.header("priority", "high")),
                String.class, message -> {
                });
        bus.publish("jobs", "low", Map.of("priority", "low")).join();
        bus.publish("jobs", "high", Map.of("priority", "high")).join();

        Awaitility.await().atMost(10, TimeUnit.SECONDS)
            .untilAsserted(() -> assertThat(counter(AmbMetrics.HANDLED, "jobs")).isEqualTo(1));
        assertThat(counter(AmbMetrics.FILTERED, "jobs")).isEqualTo(1);
        assertThat(registry.get(AmbMetrics.FILTERED).functionCounter().getId().getTag(AmbMetrics.TAG_GROUP))
            .isEqualTo(AmbMetrics.NO_GROUP);
        assertThat(bus.counters().filtered()).isEqualTo(1);
    }

    @Test
    void gaugesShowMessagesInFlightAndQueued() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Subscription subscription = bus.subscribe(SubscriptionOptions.pattern("slow").id("slow"), String.class,
                message -> {
                    started.countDown();
                    release.await(10, TimeUnit.SECONDS);
                });
        try {
            bus.publish("slow", "one").join();
            bus.publish("slow", "two").join();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(gauge(AmbMetrics.QUEUED, "slow")).isEqualTo(1));
            assertThat(gauge(AmbMetrics.IN_FLIGHT, "slow")).isEqualTo(1);
            assertThat(((ManagedSubscription) subscription).inFlight()).isEqualTo(1);
        }
        finally {
            release.countDown();
        }
        Awaitility.await().atMost(10, TimeUnit.SECONDS)
            .untilAsserted(() -> assertThat(gauge(AmbMetrics.IN_FLIGHT, "slow")).isZero());
        // the memory broker cannot tell a lag
        assertThat(gauge(AmbMetrics.CONSUMER_LAG, "slow")).isNaN();
    }

    @Test
    void pausedSubscriptionTakesNoMessagesUntilResumed() {
        ManagedSubscription subscription = (ManagedSubscription) bus.subscribe(
                SubscriptionOptions.pattern("paused").id("paused"), String.class, message -> {
                });
        subscription.pause();
        assertThat(subscription.state()).isEqualTo(ManagedSubscription.State.PAUSED);
        bus.publish("paused", "waits").join();
        Awaitility.await().atMost(10, TimeUnit.SECONDS)
            .untilAsserted(() -> assertThat(subscription.queued()).hasValue(1));
        assertThat(subscription.counters().handled()).isZero();

        subscription.resume();

        assertThat(subscription.state()).isEqualTo(ManagedSubscription.State.RUNNING);
        Awaitility.await().atMost(10, TimeUnit.SECONDS)
            .untilAsserted(() -> assertThat(subscription.counters().handled()).isEqualTo(1));
    }

    @Test
    void timesRequestsAndCountsTimeouts() {
        bus.respond("echo", null, String.class, request -> request.data());
        assertThat(bus.request("echo", "hi", String.class, Duration.ofSeconds(10)).join().data()).isEqualTo("hi");
        assertThatThrownBy(() -> bus.request("nobody", "hi", String.class, Duration.ofMillis(50)).join())
            .hasCauseInstanceOf(RequestTimeoutException.class);

        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(registry
            .get(AmbMetrics.REQUEST_DURATION).tags(AmbMetrics.TAG_KIND, "request", AmbMetrics.TAG_OUTCOME, "timeout")
            .timer().count()).isEqualTo(1));
        assertThat(registry.get(AmbMetrics.REQUEST_DURATION)
            .tags(AmbMetrics.TAG_KIND, "request", AmbMetrics.TAG_OUTCOME, "success").timer().count()).isEqualTo(1);
        assertThat(registry.get(AmbMetrics.REQUEST_TIMEOUTS).tags(AmbMetrics.TAG_KIND, "request").functionCounter()
            .count()).isEqualTo(1);
        assertThat(bus.counters().requestTimeouts()).isEqualTo(1);
        assertThat(registry.get(AmbMetrics.REQUESTS_PENDING).gauge().value()).isZero();
        assertThat(registry.get(AmbMetrics.LATE_REPLIES).functionCounter().count()).isZero();
    }

    @Test
    void subscriptionsWithoutAnIdShareTheirMetersAcrossRestarts() {
        for (int i = 0; i < 3; i++) {
            Subscription subscription = bus.subscribe("ticks", String.class, message -> {
            });
            subscription.close();
        }
        assertThat(registry.find(AmbMetrics.RECEIVED).functionCounters()).singleElement()
            .satisfies(counter -> assertThat(counter.getId().getTag(AmbMetrics.TAG_SUBSCRIPTION)).isEqualTo("ticks"));
        assertThat(bus.counters().subscriptions()).hasSize(1);
    }

    private double counter(String name, String subscription) {
        return registry.get(name).tags(AmbMetrics.TAG_SUBSCRIPTION, subscription).functionCounter().count();
    }

    private double gauge(String name, String subscription) {
        Gauge gauge = registry.get(name).tags(AmbMetrics.TAG_SUBSCRIPTION, subscription).gauge();
        return gauge.value();
    }
}
