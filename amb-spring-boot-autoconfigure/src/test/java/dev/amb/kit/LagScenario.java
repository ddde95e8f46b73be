package dev.amb.kit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer lag scenario the adapters that report lag share: a grouped subscription whose one
 * handler thread is held, messages published behind it, the lag the broker reports while they
 * wait, and zero once the handler is let go and everything is acknowledged.
 */
public final class LagScenario {

    private LagScenario() {
    }

    /**
     * Runs the scenario on a real broker.
     * @param broker the broker (closed by the caller)
     * @param topic a topic of the test's own
     * @param published how many messages to publish
     * @param lagWhileHeld the lag the broker must report while the handler is held
     */
    public static void lagFollowsTheBacklog(Broker broker, String topic, int published, long lagWhileHeld)
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try {
            BrokerSubscription subscription = subscribeHeld(broker, topic, release);
            publish(broker, topic, published);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    subscription.lag().get(10, TimeUnit.SECONDS)).isEqualTo(OptionalLong.of(lagWhileHeld)));
            release.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    subscription.lag().get(10, TimeUnit.SECONDS)).isEqualTo(OptionalLong.of(0)));
        }
        finally {
            release.countDown();
        }
    }

    /**
     * Subscribes group {@code workers} on a topic with one handler thread that holds each delivery
     * until {@code release} is counted down (at most 60 s), then acknowledges it.
     * @param broker the broker
     * @param topic the topic
     * @param release lets the held handler go
     * @return the broker subscription
     */
    public static BrokerSubscription subscribeHeld(Broker broker, String topic, CountDownLatch release) {
        return broker.subscribe(SubscriptionSpec.of("lagging", topic, "workers", 1), delivery -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            delivery.ack();
        });
    }

    /**
     * Publishes {@code count} small messages, each confirmed before the next.
     * @param broker the broker
     * @param topic the topic
     * @param count how many
     */
    public static void publish(Broker broker, String topic, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            broker.publish(Envelope.builder().id(UUID.randomUUID().toString()).topic(topic)
                .data(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).build()).get(30, TimeUnit.SECONDS);
        }
    }
}
