package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.MessageSerializationException;
import dev.amb.RemoteAgentException;
import dev.amb.RequestTimeoutException;
import dev.amb.core.DefaultMessageBus;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request/reply, scatter-gather and first-wins on every broker: replies correlate, responder
 * failures arrive promptly as {@link RemoteAgentException}, missing replies time out, late replies
 * are dropped and counted, grouped responders share requests, closing the bus fails pending
 * requests at once, and a responder counts once however many replies it sends.
 */
public interface RequestReplyContract extends KitContract {

    /** A long timeout: tests that must not wait for it finish far sooner. */
    Duration LONG = Duration.ofSeconds(60);

    /** @return how many requests the concurrency test keeps in flight at once */
    default int concurrentRequests() {
        return 10_000;
    }

    @Test
    default void requestReceivesTheResponderReply() throws Exception {
        DefaultMessageBus responder = kit().bus("doubler");
        DefaultMessageBus requester = kit().bus("asker");
        String topic = kit().topic("double");
        responder.respond(topic, null, Integer.class, request -> request.data() * 2);

        Message<Integer> reply = requester.request(topic, 21, Integer.class, LONG).get(30, TimeUnit.SECONDS);

        assertThat(reply.data()).isEqualTo(42);
        assertThat(reply.sender()).isEqualTo("doubler");
        assertThat(reply.correlationId()).isNotBlank();
    }

    /**
     * Agents in different processes, as the samples run them: the requester is new (its reply
     * inbox opens with this request) and the responder subscribed on another broker instance
     * just before. Neither instance may need a refresh of what it knows about the other.
     */
    @Test
    default void aRequestFromANewAgentReachesAResponderOnAnotherInstanceAndItsReplyComesBack() throws Exception {
        String topic = kit().topic("peer.double");
        DefaultMessageBus responder = kit().bus("peer-doubler", kit().peerBroker());
        responder.respond(topic, null, Integer.class, request -> request.data() * 2);
        DefaultMessageBus requester = kit().bus("new-asker");

        Message<Integer> reply = requester.request(topic, 21, Integer.class, LONG).get(30, TimeUnit.SECONDS);

        assertThat(reply.data()).isEqualTo(42);
        assertThat(reply.sender()).isEqualTo("peer-doubler");
    }

    @Test
    default void responderCanReplyLaterThroughACompletableFuture() throws Exception {
        DefaultMessageBus responder = kit().bus("async-responder");
        String topic = kit().topic("async");
        responder.respond(topic, null, String.class,
                request -> CompletableFuture.supplyAsync(() -> request.data().toUpperCase()));

        Message<String> reply = kit().bus("asker").request(topic, "quiet", String.class, LONG).get(30, TimeUnit.SECONDS);

        assertThat(reply.data()).isEqualTo("QUIET");
    }

    @Test
    default void responderExceptionArrivesPromptlyAsRemoteAgentException() {
        String topic = kit().topic("fails");
        kit().bus("grumpy").respond(topic, null, String.class, request -> {
            throw new IllegalArgumentException("cannot handle '" + request.data() + "'");
        });

        CompletableFuture<Message<String>> reply = kit().bus("asker").request(topic, "job", String.class, LONG);

        assertThatThrownBy(() -> reply.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOfSatisfying(RemoteAgentException.class, ex -> {
                assertThat(ex.remoteErrorType()).isEqualTo(IllegalArgumentException.class.getName());
                assertThat(ex.remoteMessage()).isEqualTo("cannot handle 'job'");
                assertThat(ex.responder()).isEqualTo("grumpy");
            });
    }

    @Test
    default void requestTheResponderCannotDecodeFailsPromptly() {
        String topic = kit().topic("typed");
        kit().bus("strict").respond(topic, null, Integer.class, request -> request.data() + 1);

        CompletableFuture<Message<Integer>> reply = kit().bus("asker").request(topic, "not a number", Integer.class, LONG);

        assertThatThrownBy(() -> reply.get(20, TimeUnit.SECONDS)).cause()
            .isInstanceOfSatisfying(RemoteAgentException.class, ex -> assertThat(ex.remoteErrorType())
                .isEqualTo(MessageSerializationException.class.getName()));
    }

    @Test
    default void requestWithoutAResponderTimesOut() {
        CompletableFuture<Message<String>> reply = kit().bus("asker")
            .request(kit().topic("nobody"), "anyone?", String.class, Duration.ofMillis(300));

        assertThatThrownBy(() -> reply.get(20, TimeUnit.SECONDS)).cause()
            .isInstanceOf(RequestTimeoutException.class)
            .hasMessageContaining(kit().topic("nobody"));
    }

    @Test
    default void lateReplyIsDroppedAndCounted() throws Exception {
        String topic = kit().topic("slow");
        CompletableFuture<Void> release = new CompletableFuture<>();
        kit().bus("sloth").respond(topic, null, String.class, request -> {
            release.get(30, TimeUnit.SECONDS);
            return "finally";
        });
        DefaultMessageBus requester = kit().bus("impatient");

        CompletableFuture<Message<String>> reply = requester.request(topic, "hurry", String.class, Duration.ofMillis(300));
        assertThatThrownBy(() -> reply.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(RequestTimeoutException.class);
        release.complete(null);

        kit().await().until(() -> requester.counters().unmatchedReplies() == 1);
        assertThat(requester.pendingRequests()).isZero();
    }

    @Test
    default void scatterFinishesEarlyWhenMaxResponsesArrived() throws Exception {
        String topic = kit().topic("vote");
        for (int i = 0; i < 3; i++) {
            int vote = i;
            kit().bus("voter-" + i).respond(topic, null, String.class, request -> "vote-" + vote);
        }

        List<Message<String>> votes = kit().bus("counter").scatter(topic, "proposal", String.class, LONG, 2, 3)
            .get(30, TimeUnit.SECONDS);

        assertThat(votes).extracting(Message::data).containsExactlyInAnyOrder("vote-0", "vote-1", "vote-2");
    }

    @Test
    default void scatterReturnsWhatArrivedAtTheTimeoutWhenMinResponsesIsMet() throws Exception {
        String topic = kit().topic("survey");
        kit().bus("a").respond(topic, null, String.class, request -> "a");
        kit().bus("b").respond(topic, null, String.class, request -> "b");

        List<Message<String>> answers = kit().bus("surveyor")
            .scatter(topic, "q", String.class, Duration.ofMillis(700), 1, 5)
            .get(30, TimeUnit.SECONDS);

        assertThat(answers).extracting(Message::data).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    default void scatterBelowMinResponsesFailsCarryingThePartialReplies() {
        String topic = kit().topic("quorum");
        kit().bus("lonely").respond(topic, null, String.class, request -> "yes");
        kit().bus("failing").respond(topic, null, String.class, request -> {
            throw new IllegalStateException("abstain");
        });

        CompletableFuture<List<Message<String>>> result = kit().bus("chair")
            .scatter(topic, "motion", String.class, Duration.ofMillis(700), 2, 3);

        assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause()
            .isInstanceOfSatisfying(RequestTimeoutException.class, ex -> {
                assertThat(ex.partialReplies().stream().map(m -> (Object) m.data()).toList()).containsExactly("yes");
                assertThat(ex.getMessage()).contains("got 1 of the 2", "abstain");
            });
    }

    @Test
    default void requestFirstReturnsTheFirstSuccessfulReply() throws Exception {
        String primary = kit().topic("primary");
        String backup = kit().topic("backup");
        kit().bus("primary-agent").respond(primary, null, String.class, request -> {
            throw new IllegalStateException("primary is down");
        });
        kit().bus("backup-agent").respond(backup, null, String.class, request -> "from backup");

        Message<String> reply = kit().bus("client").requestFirst(List.of(primary, backup), "lookup", String.class, LONG)
            .get(30, TimeUnit.SECONDS);

        assertThat(reply.data()).isEqualTo("from backup");
        assertThat(reply.sender()).isEqualTo("backup-agent");
    }

    @Test
    default void requestFirstFailsPromptlyWhenEveryResponderFails() {
        String one = kit().topic("one");
        String two = kit().topic("two");
        kit().bus("one-agent").respond(one, null, String.class, request -> {
            throw new IllegalStateException("one failed");
        });
        kit().bus("two-agent").respond(two, null, String.class, request -> {
            throw new IllegalStateException("two failed");
        });

        CompletableFuture<Message<String>> reply = kit().bus("client")
            .requestFirst(List.of(one, two), "x", String.class, LONG);

        assertThatThrownBy(() -> reply.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(RemoteAgentException.class);
    }

    @Test
    default void respondersInAGroupShareTheRequests() throws Exception {
        String topic = kit().topic("process");
        Map<String, AtomicInteger> handledBy = new ConcurrentHashMap<>();
        for (int i = 0; i < 3; i++) {
            String name = "worker-" + i;
            kit().bus(name).respond(topic, "workers", Integer.class, request -> {
                handledBy.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                return request.data();
            });
        }
        DefaultMessageBus client = kit().bus("dispatcher");

        List<CompletableFuture<Message<Integer>>> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            replies.add(client.request(topic, i, Integer.class, LONG));
        }
        for (int i = 0; i < 60; i++) {
            assertThat(replies.get(i).get(30, TimeUnit.SECONDS).data()).isEqualTo(i);
        }

        assertThat(handledBy.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(60);
        assertThat(handledBy).hasSizeGreaterThan(1);
    }

    @Test
    default void manyConcurrentRequestsAllCorrelate() throws Exception {
        String topic = kit().topic("echo");
        kit().bus("echo").respond(topic, null, Integer.class, request -> request.data());
        DefaultMessageBus client = kit().bus("flood");
        int count = concurrentRequests();

        List<CompletableFuture<Message<Integer>>> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(client.request(topic, i, Integer.class, LONG));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(LONG.toSeconds(), TimeUnit.SECONDS);

        for (int i = 0; i < count; i++) {
            assertThat(replies.get(i).join().data()).isEqualTo(i);
        }
        assertThat(client.pendingRequests()).isZero();
        if (!kit().capabilities().durable()) {
            // an at-least-once broker may deliver a request twice; the second reply is then dropped
            // and counted as unmatched, which is correct
            assertThat(client.counters().unmatchedReplies()).isZero();
        }
    }

    @Test
    default void closingTheBusFailsPendingRequestsAtOnce() {
        String topic = kit().topic("void");
        CompletableFuture<Void> never = new CompletableFuture<>();
        // a responder that never answers, so the requests stay pending on every broker (a broker with
        // native request/reply would otherwise fail a request with no responder at once)
        kit().bus("silent").respond(topic, null, String.class, request -> {
            never.get(30, TimeUnit.SECONDS);
            return "too late";
        });
        DefaultMessageBus client = kit().bus("leaving");
        CompletableFuture<Message<String>> reply = client.request(topic, "hello?", String.class, LONG);
        CompletableFuture<List<Message<String>>> votes = client.scatter(topic, "x", String.class, LONG, 1, 2);

        client.close();

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(AmbException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> votes.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(AmbException.class);
        assertThat(client.pendingRequests()).isZero();
        never.complete(null);
    }

    @Test
    default void scatterCountsEachResponderOnce() throws Exception {
        String topic = kit().topic("survey");
        BrokerSubscription twice = answerRaw(topic, "repeating-responder", 2, "\"again\"");
        try {
            kit().bus("single-responder").respond(topic, null, String.class, request -> "once");

            List<Message<String>> replies = kit().bus("asker").scatter(topic, "q", String.class, LONG, 2, 2)
                .get(30, TimeUnit.SECONDS);

            assertThat(replies).extracting(Message::data).containsExactlyInAnyOrder("again", "once");
        }
        finally {
            twice.close();
        }
    }

    @Test
    default void requestFirstCountsRepeatedErrorRepliesOfOneResponderOnce() throws Exception {
        String failing = kit().topic("first-failing");
        String slow = kit().topic("first-slow");
        BrokerSubscription errors = answerRaw(failing, "repeating-failure", 2, null);
        try {
            kit().bus("slow-responder").respond(slow, null, String.class, request -> {
                new java.util.concurrent.CountDownLatch(1).await(300, TimeUnit.MILLISECONDS); // the responder works 300 ms
                return "slow but fine";
            });

            Message<String> reply = kit().bus("asker").requestFirst(List.of(failing, slow), "q", String.class, LONG)
                .get(30, TimeUnit.SECONDS);

            assertThat(reply.data()).isEqualTo("slow but fine");
        }
        finally {
            errors.close();
        }
    }

    /**
     * Answers each request on {@code topic} {@code times} times as the responder {@code source}, straight
     * through the broker (as a redelivered request would be answered again): with {@code json}, or,
     * when it is {@code null}, with an error reply.
     */
    private BrokerSubscription answerRaw(String topic, String source, int times, String json) {
        return kit().broker().subscribe(SubscriptionSpec.of("raw-" + source, topic, null, 1), delivery -> {
            Envelope request = delivery.envelope();
            for (int i = 0; i < times; i++) {
                Envelope.Builder reply = Envelope.builder()
                    .id(java.util.UUID.randomUUID().toString())
                    .topic(request.replyTo())
                    .source(source)
                    .time(java.time.Instant.now())
                    .extension(AmbHeaders.EXT_CORRELATION_ID, request.correlationId());
                if (json != null) {
                    reply.contentType("application/json").data(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                else {
                    reply.extension(AmbHeaders.EXT_ERROR_TYPE, IllegalStateException.class.getName())
                        .extension(AmbHeaders.EXT_ERROR_MESSAGE, "failed");
                }
                kit().broker().publish(reply.build()).join();
            }
            delivery.ack();
        });
    }
}
