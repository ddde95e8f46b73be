package dev.amb.broker.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.amb.CircuitOpenException;
import dev.amb.MessageSerializationException;
import dev.amb.NoRespondersException;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.kit.RequiresNats;
import dev.amb.resilience.BreakerSettings;
import dev.amb.resilience.Resilience4jCircuitBreakers;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * NATS's native request/reply through the bus: fast failure without responders, and replies
 * across AMB and plain jnats clients in both directions.
 */
@RequiresNats
class NatsRequestReplyIntegrationTests {

    private static final Duration LONG = Duration.ofSeconds(60);

    private final String namespace = KitSupport.namespace();

    private NatsBroker broker;

    private DefaultMessageBus bus;

    private Connection raw;

    @BeforeEach
    void connect() throws Exception {
        broker = NatsTestSupport.coreBroker();
        bus = DefaultMessageBus.builder(broker).agentId("requester").serializer(new JsonMessageSerializer()).build();
        raw = NatsTestSupport.connect();
    }

    @AfterEach
    void close() throws InterruptedException {
        bus.close();
        broker.close();
        raw.close();
    }

    @Test
    void requestWithoutAResponderFailsWithNoRespondersLongBeforeItsTimeout() {
        CompletableFuture<dev.amb.Message<String>> reply = bus.request(namespace + ".nobody", "anyone?", String.class,
                LONG);

        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(reply::isDone);
        assertThatThrownBy(reply::get).isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(NoRespondersException.class)
            .hasMessageContaining(namespace + ".nobody");
        assertThat(bus.pendingRequests()).isZero();
    }

    @Test
    void plainNatsRequesterGetsTheAmbResponderReplyOnItsInbox() throws Exception {
        String topic = namespace + ".upper";
        bus.respond(topic, null, String.class, request -> request.data().toUpperCase());

        Message reply = raw.request(topic, "\"quiet\"".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));

        assertThat(reply).isNotNull();
        assertThat(reply.getSubject()).startsWith("_INBOX.");
        assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("\"QUIET\"");
        assertThat(reply.getHeaders().getFirst("ce-source")).isEqualTo("requester");
        assertThat(reply.getHeaders().getFirst("ce-type")).isEqualTo(reply.getSubject());
    }

    @Test
    void ambRequestReachesAPlainNatsResponder() throws Exception {
        String topic = namespace + ".double";
        Dispatcher responder = raw.createDispatcher(message -> raw.publish(NatsMessage.builder()
            .subject(message.getReplyTo())
            .headers(new Headers().put("Content-Type", "application/json"))
            .data(String.valueOf(2 * Integer.parseInt(new String(message.getData(), StandardCharsets.UTF_8))))
            .build()));
        responder.subscribe(topic);
        raw.flush(Duration.ofSeconds(5));

        dev.amb.Message<Integer> reply = bus.request(topic, 21, Integer.class, LONG).get();

        assertThat(reply.data()).isEqualTo(42);
        assertThat(reply.sender()).isNull();
    }

    @Test
    void replyThatIsAnInvalidStructuredCloudEventFailsTheRequestAtOnceNotByTimeout() throws Exception {
        String topic = namespace + ".garbled";
        Dispatcher responder = raw.createDispatcher(message -> raw.publish(NatsMessage.builder()
            .subject(message.getReplyTo())
            .headers(new Headers().put("Content-Type", "application/cloudevents+json"))
            .data("{\"specversion\":\"1.0\",\"id\":\"r-1\",\"time\":\"not a time\"}")
            .build()));
        responder.subscribe(topic);
        raw.flush(Duration.ofSeconds(5));

        CompletableFuture<dev.amb.Message<String>> reply = bus.request(topic, "hello", String.class, LONG);

        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(reply::isDone);
        assertThatThrownBy(reply::get).isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(MessageSerializationException.class);
        assertThat(bus.pendingRequests()).isZero();
        assertThat(bus.counters().undecodable()).isEqualTo(1);
    }

    @Test
    void aNativeRequestValidatesItsTimeoutAndEncodesBeforeAnythingIsPending() {
        String topic = namespace + ".checked";
        Object unserializable = new Object() {
            public Object getSelf() {
                throw new IllegalStateException("no");
            }
        };

        assertThatThrownBy(() -> bus.request(topic, "x", String.class, null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("timeout");
        assertThatThrownBy(() -> bus.request(topic, "x", String.class, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("timeout");
        assertThatThrownBy(() -> bus.request(topic, unserializable, String.class, LONG))
            .isInstanceOf(MessageSerializationException.class);
        assertThat(bus.pendingRequests()).isZero();
        assertThat(bus.counters().published()).isZero();
    }

    @Test
    void aNativeRequestIsCountedAsAPublishAndPassesThroughThePublishBreaker() throws Exception {
        String topic = namespace + ".counted";
        Dispatcher responder = raw.createDispatcher(message -> raw.publish(NatsMessage.builder()
            .subject(message.getReplyTo())
            .headers(new Headers().put("Content-Type", "application/json"))
            .data("\"pong\"")
            .build()));
        responder.subscribe(topic);
        raw.flush(Duration.ofSeconds(5));
        NatsBroker guarded = NatsTestSupport.coreBroker();
        DefaultMessageBus breakerBus = DefaultMessageBus.builder(guarded)
            .agentId("guarded-requester")
            .serializer(new JsonMessageSerializer())
            .circuitBreakers(new Resilience4jCircuitBreakers(CircuitBreakerRegistry.ofDefaults(),
                    new BreakerSettings(1, Duration.ofMinutes(5), 1), event -> { }))
            .build();
        try {
            assertThat(breakerBus.request(topic, "ping", String.class, LONG).get().data()).isEqualTo("pong");
            assertThat(breakerBus.counters().published()).isEqualTo(1);

            guarded.close(); // every send fails now: one failure opens the breaker (threshold 1)
            assertThatThrownBy(() -> breakerBus.request(topic, "ping", String.class, LONG).get())
                .cause()
                .isNotInstanceOf(CircuitOpenException.class);
            assertThatThrownBy(() -> breakerBus.request(topic, "ping", String.class, LONG).get())
                .cause()
                .isInstanceOf(CircuitOpenException.class);
            assertThat(breakerBus.counters().publishFailures()).isEqualTo(2);
            assertThat(breakerBus.pendingRequests()).isZero();
        }
        finally {
            breakerBus.close();
            guarded.close();
        }
    }
}
