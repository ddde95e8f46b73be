package dev.amb.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.RemoteAgentException;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request families on the memory broker: requestFirst with failing topics and repeated error
 * replies, scatter with duplicate and undecodable replies, and callbacks that block.
 */
class DefaultMessageBusRequestTests {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final MemoryBroker memory = new MemoryBroker();

    private final DefaultMessageBus bus = DefaultMessageBus.builder(new DownTopicsBroker(memory))
        .agentId("requester")
        .serializer(new JsonMessageSerializer())
        .build();

    @AfterEach
    void close() {
        bus.close();
        memory.close();
    }

    @Test
    void requestFirstGetsTheReplyOfTheTopicWhosePublishWorkedWhenAnotherTopicsPublishFailed() {
        bus.respond("up.quotes", null, String.class, request -> "from up");

        Message<String> reply = bus.requestFirst(List.of("down.quotes", "up.quotes"), "q", String.class, LONG).join();

        assertThat(reply.data()).isEqualTo("from up");
    }

    @Test
    void requestFirstFailsAtOnceWhenEveryTopicsPublishFailed() {
        CompletableFuture<Message<String>> reply = bus.requestFirst(List.of("down.a", "down.b"), "q", String.class,
                LONG);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(reply::isDone);
        assertThatThrownBy(reply::join).cause().isInstanceOf(AmbException.class).hasMessageContaining("down");
        assertThat(bus.pendingRequests()).isZero();
    }

    @Test
    void requestFirstCountsRepeatedErrorRepliesOfOneResponderOnce() {
        // the responder on 'a' answers every request twice with an error (as for a redelivered request)
        rawResponder("a", "flaky-responder", 2, null);
        bus.respond("b", null, String.class, request -> {
            new java.util.concurrent.CountDownLatch(1).await(300, java.util.concurrent.TimeUnit.MILLISECONDS); // works 300 ms
            return "from b";
        });

        Message<String> reply = bus.requestFirst(List.of("a", "b"), "q", String.class, LONG).join();

        assertThat(reply.data()).isEqualTo("from b");
    }

    @Test
    void scatterCountsEachResponderOnce() {
        rawResponder("survey", "twice", 2, "\"again\"");
        bus.respond("survey", null, String.class, request -> "once");

        List<Message<String>> replies = bus.scatter("survey", "q", String.class, Duration.ofSeconds(2), 0, 3).join();

        assertThat(replies).extracting(Message::data).containsExactlyInAnyOrder("again", "once");
    }

    @Test
    void anUndecodableReplyIsOneFailedReplyAndTheScatterKeepsTheGoodOnes() {
        rawResponder("numbers", "confused", 1, "\"not a number\"");
        bus.respond("numbers", null, String.class, request -> 42);

        List<Message<Integer>> replies = bus.scatter("numbers", "q", Integer.class, Duration.ofSeconds(2), 1, 2).join();

        assertThat(replies).extracting(Message::data).containsExactly(42);
        assertThat(bus.counters().undecodable()).isEqualTo(1);
    }

    @Test
    void aCallbackThatBlocksOnAnotherRequestDoesNotStallTheTimeouts() {
        CompletableFuture<List<Message<String>>> outer = bus
            .scatter("nobody.first", "q", String.class, Duration.ofMillis(200), 1, 1)
            .exceptionally(ex -> {
                try {
                    bus.request("nobody.second", "q", String.class, Duration.ofMillis(200)).join();
                }
                catch (CompletionException timedOut) {
                    // expected: nobody answers; what matters is that its timeout fired
                }
                return List.of();
            });

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(outer::isDone);
        assertThat(outer.join()).isEmpty();
    }

    @Test
    void errorRepliesFromDistinctRespondersStillFailRequestFirst() {
        bus.respond("x", null, String.class, request -> {
            throw new IllegalStateException("x failed");
        });
        rawResponder("y", "y-responder", 1, null);

        assertThatThrownBy(() -> bus.requestFirst(List.of("x", "y"), "q", String.class, LONG).join()).cause()
            .isInstanceOf(RemoteAgentException.class);
    }

    /** Answers each request on {@code topic} {@code times} times as {@code source}: with {@code json}, or an error. */
    private void rawResponder(String topic, String source, int times, String json) {
        memory.subscribe(SubscriptionSpec.of("raw-" + topic, topic, null, 1), delivery -> {
            Envelope request = delivery.envelope();
            for (int i = 0; i < times; i++) {
                Envelope.Builder reply = Envelope.builder()
                    .id(source + "-" + request.id() + "-" + i)
                    .topic(request.replyTo())
                    .source(source)
                    .extension(AmbHeaders.EXT_CORRELATION_ID, request.correlationId());
                if (json != null) {
                    reply.contentType("application/json").data(json.getBytes());
                }
                else {
                    reply.extension(AmbHeaders.EXT_ERROR_TYPE, "java.lang.IllegalStateException")
                        .extension(AmbHeaders.EXT_ERROR_MESSAGE, "failed");
                }
                memory.publish(reply.build()).join();
            }
            delivery.ack();
        });
    }

    /** The memory broker, failing every publish to a topic starting with {@code down.}. */
    private static final class DownTopicsBroker implements Broker {

        private final Broker delegate;

        DownTopicsBroker(Broker delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "down-topics";
        }

        @Override
        public BrokerCapabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public CompletableFuture<Void> publish(Envelope envelope) {
            if (envelope.topic().startsWith("down.")) {
                return CompletableFuture.failedFuture(new AmbException("topic " + envelope.topic() + " is down"));
            }
            return delegate.publish(envelope);
        }

        @Override
        public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
            return delegate.subscribe(spec, handler);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
