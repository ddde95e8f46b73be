package dev.amb.broker.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.NoRespondersException;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresRabbit;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the RabbitMQ adapter does on the wire beyond the kit: pausing hands the prefetch back to the
 * group, delayed nacks go through the TTL delay tiers, a changed queue argument fails with an
 * explanation, RabbitMQ's own dead-lettering keeps the body, oversized headers are shortened to
 * fit a frame, and a request nobody listens to fails at once.
 */
@RequiresRabbit
class RabbitDeliveryIntegrationTests {

    private static final RabbitTestSupport rabbit = new RabbitTestSupport();

    private final String namespace = KitSupport.namespace();

    private final List<Broker> brokers = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeBrokers() {
        brokers.forEach(Broker::close);
    }

    @AfterAll
    static void deleteTopology() throws Exception {
        rabbit.deleteAll();
    }

    @Test
    void longIdsAndContentTypesTravelAndAPublishTheClientRefusesLeavesNoLaterPublishWaiting() throws Exception {
        // found by the kit's FuzzContract: a message-id over 255 bytes made the client refuse the
        // publish after counting it, and every later publish on the channel waited for a confirm
        RabbitBroker broker = track(rabbit.broker());
        String topic = namespace + ".long";
        List<Envelope> got = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("long", topic, null, 1), delivery -> {
            got.add(delivery.envelope());
            delivery.ack();
        });
        String longId = "id-" + "x".repeat(300);
        String longType = "application/json; profile=" + "p".repeat(300);
        broker.publish(Envelope.builder().id(longId).topic(topic).contentType(longType)
            .extension("correlationid", "c".repeat(300)).data("{}".getBytes(StandardCharsets.UTF_8)).build())
            .get(10, TimeUnit.SECONDS);
        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        assertThat(got.get(0).id()).isEqualTo(longId);
        assertThat(got.get(0).contentType()).isEqualTo(longType);
        assertThat(got.get(0).correlationId()).isEqualTo("c".repeat(300));

        assertThatThrownBy(() -> broker.publish(Envelope.builder().id("1").topic(topic).header("h".repeat(300), "v")
            .data(new byte[0]).build()).join()).hasMessageContaining("AMQP header names are at most 255 bytes");

        try (Connection connection = RabbitTestSupport.factory().newConnection("amb-test-publisher")) {
            RabbitPublisher publisher = new RabbitPublisher(connection);
            var tooLong = new com.rabbitmq.client.AMQP.BasicProperties.Builder().messageId("m".repeat(300)).build();
            assertThat(publisher.publish("", "amb.no-such-queue", false, tooLong, new byte[0]))
                .failsWithin(Duration.ofSeconds(10));
            assertThat(publisher.publish("", "amb.no-such-queue", false,
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder().build(), new byte[0]))
                .succeedsWithin(Duration.ofSeconds(10));
            publisher.close();
        }
    }

    @Test
    void pausedMemberHandsItsPrefetchBackSoAnotherMemberGetsTheWork() {
        RabbitBroker first = track(rabbit.broker());
        RabbitBroker second = track(rabbit.broker());
        String topic = namespace + ".work";
        List<String> firstGot = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        BrokerSubscription paused = first.subscribe(SubscriptionSpec.of("first", topic, "workers", 1), delivery -> {
            firstGot.add(body(delivery));
            release.join(); // the member is stuck in its only handler while 10 more wait in its prefetch
            delivery.ack();
        });
        for (int i = 0; i < 20; i++) {
            first.publish(envelope(topic, "m-" + i)).join();
        }
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> firstGot.size() == 1);
        paused.pause(); // 10 more taken ahead (prefetch) go back to the queue

        Set<String> secondGot = ConcurrentHashMap.newKeySet();
        second.subscribe(SubscriptionSpec.of("second", topic, "workers", 1), delivery -> {
            secondGot.add(body(delivery));
            delivery.ack();
        });

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> secondGot.size() == 19);
        assertThat(secondGot).doesNotContain(firstGot.get(0));
        assertThat(firstGot).hasSize(1);
        release.complete(null);
    }

    @Test
    void delayedNackRedeliversThroughTheDelayTierWithTheAttemptRaisedAndTheBodyUnchanged() {
        RabbitBroker broker = track(rabbit.broker());
        String topic = namespace + ".later";
        List<Long> times = new CopyOnWriteArrayList<>();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("later", topic, "delayed", 1), delivery -> {
            times.add(System.nanoTime());
            attempts.add(delivery.deliveryAttempt());
            seen.add(delivery.envelope());
            if (delivery.deliveryAttempt() == 1) {
                delivery.nack(Duration.ofMillis(900));
            }
            else {
                delivery.ack();
            }
        });
        byte[] payload = new byte[] { 0, (byte) 0xff, 'a', 0x7f, (byte) 0x80 };
        Envelope sent = Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).source("tester")
            .contentType("application/octet-stream").header("tenant", "t-1").data(payload).build();
        broker.publish(sent).join();

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> attempts.size() == 2);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(900);
        Envelope again = seen.get(1);
        assertThat(again.data()).isEqualTo(payload);
        assertThat(again.id()).isEqualTo(sent.id());
        assertThat(again.topic()).isEqualTo(topic);
        assertThat(again.headers()).isEqualTo(Map.of("tenant", "t-1"));
        assertThat(RabbitTopology.delayTier(Duration.ofMillis(900))).isEqualTo(1000);
    }

    @Test
    void aGroupQueueDeclaredWithOtherArgumentsFailsSayingWhatDiffers() {
        RabbitBroker quorum = track(rabbit.broker(RabbitSettings.QueueType.QUORUM));
        String topic = namespace + ".typed";
        quorum.subscribe(SubscriptionSpec.of("q", topic, "typed", 1), Delivery::ack);
        RabbitBroker classic = track(rabbit.broker(RabbitSettings.QueueType.CLASSIC));

        assertThatThrownBy(() -> classic.subscribe(SubscriptionSpec.of("c", topic, "typed", 1), Delivery::ack))
            .isInstanceOf(AmbException.class)
            .hasMessageContaining(quorum.queues().get(0))
            .hasMessageContaining("exists with other arguments")
            .hasMessageContaining("x-queue-type");
    }

    @Test
    void groupQueueOnSeveralPatternsIsOneQueueWithABindingPerPattern() {
        RabbitBroker broker = track(rabbit.broker());
        List<String> got = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("multi", List.of(namespace + ".a.*", namespace + ".*.b"), "multi", 1),
                delivery -> {
                    got.add(delivery.envelope().topic());
                    delivery.ack();
                });
        assertThat(broker.queues()).hasSize(1).allMatch(queue -> queue.startsWith(rabbit.exchange() + ".g.multi-"));
        broker.publish(envelope(namespace + ".a.b", "both")).join();
        broker.publish(envelope(namespace + ".a.c", "first")).join();
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> got.size() == 2);
        KitSupport.waitAtMost(Duration.ofSeconds(20)).during(Duration.ofMillis(300)).until(() -> got.size() == 2);
    }

    @Test
    void messagesRabbitmqDeadLettersKeepTheirBodyInTheGroupsDlq() throws Exception {
        RabbitSettings settings = new RabbitSettings(rabbit.exchange(), RabbitSettings.QueueType.QUORUM, 0, 1, 100,
                Duration.ZERO, Duration.ofSeconds(5));
        RabbitBroker broker = track(rabbit.broker(settings, RabbitTestSupport.PORT));
        String topic = namespace + ".poison";
        BrokerSubscription subscription = broker.subscribe(SubscriptionSpec.of("poison", topic, "poison", 1),
                Delivery::ack);
        String queue = broker.queues().get(0);
        subscription.pause();
        byte[] payload = "{\"crash\":true}".getBytes(StandardCharsets.UTF_8);
        broker.publish(Envelope.builder().id("poison-1").topic(topic).data(payload).build()).join();

        try (Connection connection = RabbitTestSupport.factory().newConnection("amb-test-poison");
                Channel channel = connection.createChannel()) {
            // a consumer that crashes twice while holding the message: delivery limit 1 is then passed
            for (int i = 0; i < 2; i++) {
                GetResponse response = awaitGet(channel, queue);
                channel.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
            }
            GetResponse dead = awaitGet(channel, queue + ".dlq");
            assertThat(dead.getBody()).isEqualTo(payload);
            assertThat(dead.getProps().getHeaders()).containsKey("x-death")
                .containsKey(RabbitHeaderCodec.CE_PREFIX + "id");
            channel.basicAck(dead.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Test
    void headersTooLargeForAFrameAreShortenedAndTheBodyIsKept() {
        RabbitBroker broker = track(rabbit.broker());
        String topic = namespace + ".big-headers";
        List<Envelope> got = new CopyOnWriteArrayList<>();
        broker.subscribe(SubscriptionSpec.of("big", topic, null, 1), delivery -> {
            got.add(delivery.envelope());
            delivery.ack();
        });
        String stack = "x".repeat(300_000);
        byte[] payload = new byte[64 * 1024];
        payload[7] = 42;
        broker.publish(Envelope.builder().id("big-1").topic(topic).header("amb-dlq-error-message", stack)
            .header("small", "kept").data(payload).build()).join();

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
        Envelope received = got.get(0);
        assertThat(received.data()).isEqualTo(payload);
        assertThat(received.headers()).containsEntry("small", "kept");
        assertThat(received.headers().get("amb-dlq-error-message")).endsWith(RabbitHeaderCodec.TRUNCATED)
            .hasSizeLessThan(131_072);
    }

    @Test
    void aRequestNobodyIsBoundForFailsAtOnceWithNoResponders() {
        RabbitBroker broker = track(rabbit.broker());
        DefaultMessageBus bus = DefaultMessageBus.builder(broker).agentId("asker")
            .serializer(new JsonMessageSerializer()).build();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> bus.request(namespace + ".nobody", "anyone?", String.class, Duration.ofSeconds(30))
                .get(20, TimeUnit.SECONDS)).cause().isInstanceOf(NoRespondersException.class)
                .hasMessageContaining(namespace + ".nobody");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        finally {
            bus.close();
        }
    }

    @Test
    void aChannelRabbitmqClosesOverAnErrorIsOpenedAgainAndConsumes() throws Exception {
        RabbitBroker broker = track(rabbit.broker());
        String topic = namespace + ".channel-error";
        List<String> got = new CopyOnWriteArrayList<>();
        RabbitSubscription subscription = (RabbitSubscription) broker.subscribe(
                SubscriptionSpec.of("channel-error", topic, "errors", 1), delivery -> {
                    got.add(body(delivery));
                    delivery.ack();
                });
        Channel broken = subscription.channel();
        broken.basicAck(987_654, false); // an unknown delivery tag: RabbitMQ closes the channel (406)
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> !broken.isOpen());

        broker.publish(envelope(topic, "after the error")).join();

        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> got.contains("after the error"));
        assertThat(subscription.channel()).isNotSameAs(broken);
    }

    private static GetResponse awaitGet(Channel channel, String queue) {
        List<GetResponse> got = new ArrayList<>(1);
        KitSupport.waitAtMost(Duration.ofSeconds(20)).until(() -> {
            GetResponse response = channel.basicGet(queue, false);
            if (response != null) {
                got.add(response);
            }
            return response != null;
        });
        return got.get(0);
    }

    private <B extends Broker> B track(B broker) {
        brokers.add(broker);
        return broker;
    }

    static Envelope envelope(String topic, String body) {
        return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic).source("rabbit-test")
            .contentType("text/plain").data(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    static String body(Delivery delivery) {
        return new String(delivery.envelope().data(), StandardCharsets.UTF_8);
    }
}
