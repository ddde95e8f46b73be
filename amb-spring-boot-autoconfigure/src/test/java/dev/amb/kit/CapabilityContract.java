package dev.amb.kit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.amb.NoRespondersException;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The capabilities an adapter reports are checked by what it does, at the SPI level (no bus in
 * between): exact pattern matching, durability of a group's messages while no member runs, native
 * request/reply with fast failure when nobody listens, the payload limit, and the delay of
 * {@link Delivery#nack(Duration)} with its next attempt number.
 */
public interface CapabilityContract extends KitContract {

    @Test
    default void brokerThatMatchesExactlyDeliversOnlyMatchingTopics() {
        List<Delivery> received = new CopyOnWriteArrayList<>();
        BrokerSubscription subscription = kit().broker()
            .subscribe(SubscriptionSpec.of("capability-exact", kit().topic("a.*"), null, 1), recordAndAck(received));
        publish(kit().topic("a.b.c"));
        publish(kit().topic("ab"));
        publish(kit().topic("a.b"));

        kit().await().until(() -> topics(received).contains(kit().topic("a.b")));
        if (kit().capabilities().exactPatterns()) {
            kit().await().during(Duration.ofMillis(300))
                .until(() -> topics(received).equals(List.of(kit().topic("a.b"))));
        }
        subscription.close();
    }

    @Test
    default void durableBrokerKeepsAGroupsMessagesWhileNoMemberRuns() {
        Assumptions.assumeTrue(kit().capabilities().durable(), "the broker is not durable");
        SubscriptionSpec spec = SubscriptionSpec.of("capability-durable", kit().topic("kept"), "keepers", 1);
        List<Delivery> first = new CopyOnWriteArrayList<>();
        kit().broker().subscribe(spec, recordAndAck(first)).close();
        for (int i = 0; i < 5; i++) {
            publish(kit().topic("kept"));
        }

        List<Delivery> later = new CopyOnWriteArrayList<>();
        BrokerSubscription member = kit().broker().subscribe(spec, recordAndAck(later));

        kit().await().until(() -> later.size() >= 5);
        assertThat(first).isEmpty();
        member.close();
    }

    @Test
    default void nackWithDelayRedeliversAfterTheDelayWithTheNextAttempt() {
        Duration delay = Duration.ofMillis(600);
        List<Delivery> received = new CopyOnWriteArrayList<>();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        BrokerSubscription subscription = kit().broker()
            .subscribe(SubscriptionSpec.of("capability-nack", kit().topic("nacked"), "nackers", 1), delivery -> {
                arrivals.add(System.nanoTime());
                received.add(delivery);
                if (received.size() == 1) {
                    delivery.nack(delay);
                }
                else {
                    delivery.ack();
                }
            });
        publish(kit().topic("nacked"));

        kit().await().until(() -> received.size() >= 2);
        assertThat(received.get(0).deliveryAttempt()).isEqualTo(1);
        assertThat(received.get(1).deliveryAttempt()).isEqualTo(2);
        assertThat(received.get(1).envelope().id()).isEqualTo(received.get(0).envelope().id());
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
            .as("time between the nack and the redelivery").isGreaterThanOrEqualTo(delay.minusMillis(100));
        subscription.close();
    }

    @Test
    default void nativeRequestToATopicNobodyListensOnFailsFast() {
        Assumptions.assumeTrue(kit().capabilities().nativeRequestReply(), "the broker has no native request/reply");
        Envelope request = envelope(kit().topic("nobody.listens"), new byte[] { '1' }).toBuilder()
            .extension("correlationid", UUID.randomUUID().toString())
            .build();
        CompletableFuture<Envelope> reply = kit().broker().request(request, Duration.ofSeconds(30));

        kit().await().atMost(Duration.ofSeconds(10)).until(reply::isDone);
        assertThatThrownBy(reply::join).isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(NoRespondersException.class);
    }

    @Test
    default void payloadOverTheReportedLimitIsRefusedAndOneUnderItArrives() {
        int limit = kit().capabilities().maxPayloadBytes();
        int accepted = limit > 0 ? limit / 2 : 1_000_000;
        List<Delivery> received = new CopyOnWriteArrayList<>();
        BrokerSubscription subscription = kit().broker()
            .subscribe(SubscriptionSpec.of("capability-size", kit().topic("sized"), null, 1), recordAndAck(received));

        kit().broker().publish(envelope(kit().topic("sized"), new byte[accepted])).join();
        kit().await().until(() -> received.size() == 1);
        assertThat(received.get(0).envelope().data()).hasSize(accepted);
        if (limit > 0) {
            CompletableFuture<Void> tooLarge = kit().broker().publish(envelope(kit().topic("sized"), new byte[limit + 1]));
            kit().await().until(tooLarge::isDone);
            assertThat(tooLarge).isCompletedExceptionally();
        }
        subscription.close();
    }

    private void publish(String topic) {
        kit().broker().publish(envelope(topic, topic.getBytes(StandardCharsets.UTF_8))).join();
    }

    private static Envelope envelope(String topic, byte[] data) {
        return Envelope.builder()
            .id(UUID.randomUUID().toString())
            .topic(topic)
            .source("capability-contract")
            .contentType("application/octet-stream")
            .data(data)
            .build();
    }

    private static dev.amb.spi.DeliveryHandler recordAndAck(List<Delivery> received) {
        return delivery -> {
            received.add(delivery);
            delivery.ack();
        };
    }

    private static List<String> topics(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> d.envelope().topic()).toList();
    }
}
