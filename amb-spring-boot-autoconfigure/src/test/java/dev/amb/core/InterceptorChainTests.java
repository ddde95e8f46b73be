package dev.amb.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.Order;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.TopicAccessDeniedException;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Envelope;
import dev.amb.spi.EnvelopeRejectedException;
import dev.amb.spi.InboundContext;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterceptorChainTests {

    private final MemoryBroker broker = new MemoryBroker();

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("chain-agent")
        .serializer(new JsonMessageSerializer())
        .deadLetters(new DeadLetterSettings(true, "dlq", Duration.ofMillis(50)))
        .outboundInterceptors(List.of(new Tagging("second", 2), new Tagging("first", 1), new DenyTopic("secret")))
        .inboundInterceptors(List.of(new RejectHeader(), new Upper()))
        .build();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    @Test
    void outboundInterceptorsRunInOrderAndTheirChangesReachTheHandler() {
        List<Message<String>> received = new CopyOnWriteArrayList<>();
        bus.subscribe("jobs", String.class, received::add);

        bus.publish("jobs", "hello").join();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(calls).containsSubsequence("first:PUBLISH", "second:PUBLISH");
        assertThat(received.get(0).headers()).containsEntry("tag", "first,second");
        assertThat(received.get(0).data()).isEqualTo("HELLO");
    }

    @Test
    void outboundRejectionFailsThePublishFutureWithTheInterceptorsException() {
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        broker.subscribe(dev.amb.spi.SubscriptionSpec.of("raw", List.of("#"), null, 1), delivery -> {
            seen.add(delivery.envelope());
            delivery.ack();
        });

        assertThatThrownBy(() -> bus.publish("secret", "x").join()).hasCauseInstanceOf(TopicAccessDeniedException.class)
            .hasMessageContaining("rule deny-secret");
        assertThat(bus.counters().published()).isZero();
        assertThat(seen).isEmpty();
    }

    @Test
    void inboundRejectionDeadLettersWithTheReasonAndNeverReachesTheHandler() {
        List<Message<String>> received = new CopyOnWriteArrayList<>();
        List<Message<String>> deadLetters = new CopyOnWriteArrayList<>();
        bus.subscribe("jobs", String.class, received::add);
        bus.subscribe("dlq", String.class, deadLetters::add);

        bus.publish("jobs", "evil", java.util.Map.of("evil", "yes")).join();
        bus.publish("jobs", "fine").join();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.size() == 1 && received.size() == 1);
        assertThat(received.get(0).data()).isEqualTo("FINE");
        assertThat(deadLetters.get(0).headers()).containsEntry(AmbHeaders.DEAD_LETTER_REASON, "no-evil");
        assertThat(deadLetters.get(0).data()).isEqualTo("evil");
    }

    @Test
    void inboundInterceptorsMayRefuseASubscription() {
        assertThatThrownBy(() -> bus.subscribe("secret", String.class, message -> {
        })).isInstanceOf(TopicAccessDeniedException.class).hasMessageContaining("'secret'");
        assertThat(bus.subscriptions()).isEmpty();
    }

    private final class Tagging implements OutboundInterceptor {

        private final String name;

        private final int order;

        Tagging(String name, int order) {
            this.name = name;
            this.order = order;
        }

        @Override
        public Envelope beforeSend(Envelope envelope, OutboundKind kind) {
            calls.add(name + ":" + kind);
            if (kind != OutboundKind.PUBLISH) {
                return envelope;
            }
            String tag = envelope.headers().get("tag");
            return envelope.toBuilder().header("tag", tag == null ? name : tag + "," + name).build();
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    private static final class DenyTopic implements OutboundInterceptor {

        private final String topic;

        DenyTopic(String topic) {
            this.topic = topic;
        }

        @Override
        public Envelope beforeSend(Envelope envelope, OutboundKind kind) {
            if (envelope.topic().equals(topic)) {
                throw new TopicAccessDeniedException(topic, "Publishing to '" + topic + "' denied by rule deny-secret");
            }
            return envelope;
        }
    }

    @Order(1)
    private static final class RejectHeader implements InboundInterceptor {

        @Override
        public Envelope afterReceive(Envelope envelope, InboundContext context) {
            if (envelope.headers().containsKey("evil") && !envelope.topic().equals("dlq")) {
                throw new EnvelopeRejectedException("no-evil", "message " + envelope.id() + " carries header 'evil'");
            }
            return envelope;
        }

        @Override
        public void beforeSubscribe(List<String> patterns, String group) {
            if (patterns.contains("secret")) {
                throw new TopicAccessDeniedException("secret", "Subscribing to 'secret' is denied");
            }
        }

        @Override
        public int getOrder() {
            return 1;
        }
    }

    private static final class Upper implements InboundInterceptor {

        @Override
        public Envelope afterReceive(Envelope envelope, InboundContext context) {
            if (!envelope.topic().equals("jobs")) {
                return envelope;
            }
            String text = new String(envelope.data(), java.nio.charset.StandardCharsets.UTF_8);
            return envelope.toBuilder().data(text.toUpperCase(java.util.Locale.ROOT)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
        }

        @Override
        public int getOrder() {
            return 2;
        }
    }
}
