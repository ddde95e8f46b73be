package dev.amb.kit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.amb.Message;
import dev.amb.MessageRejectedException;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Graceful shutdown on every broker: closing an agent drains before it closes, so a handler that is
 * running when the agent closes still sends its reply and its downstream messages. Also: a message
 * larger than the broker's {@code maxPayloadBytes} is refused by the bus before it reaches the broker.
 */
public interface ShutdownContract extends KitContract {

    /** How long the handlers below work: long enough for the close to start while they run. */
    Duration WORK = Duration.ofMillis(600);

    @Test
    default void anAgentClosingWhileItsResponderWorksStillSendsTheReply() throws Exception {
        DefaultMessageBus responder = kit().bus("closing-responder");
        DefaultMessageBus requester = kit().bus("patient-asker");
        String topic = kit().topic("slow-upper");
        CountDownLatch handling = new CountDownLatch(1);
        responder.respond(topic, null, String.class, request -> {
            handling.countDown();
            TimeUnit.MILLISECONDS.sleep(WORK.toMillis()); // the work the close must wait for
            return request.data().toUpperCase();
        });

        CompletableFuture<Message<String>> reply = requester.request(topic, "reply anyway", String.class,
                RequestReplyContract.LONG);
        assertThat(handling.await(kit().timeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        responder.close();

        assertThat(reply.get(kit().timeout().toMillis(), TimeUnit.MILLISECONDS).data()).isEqualTo("REPLY ANYWAY");
        assertThat(responder.counters().handled()).isEqualTo(1);
        assertThat(responder.counters().deadLettered()).isZero();
    }

    @Test
    default void aListenerPublishingDownstreamDuringShutdownStillDeliversIt() throws Exception {
        DefaultMessageBus agent = kit().bus("closing-forwarder");
        DefaultMessageBus witness = kit().bus("downstream-witness");
        String in = kit().topic("forward.in");
        String out = kit().topic("forward.out");
        Recorder<String> downstream = new Recorder<>();
        witness.subscribe(out, String.class, downstream);
        CountDownLatch handling = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<Void>> forwarded = new CompletableFuture<>();
        agent.subscribe(in, String.class, message -> {
            handling.countDown();
            TimeUnit.MILLISECONDS.sleep(WORK.toMillis());
            forwarded.complete(agent.publish(out, message.data() + " forwarded"));
        });

        kit().bus("upstream").publish(in, "task").join();
        assertThat(handling.await(kit().timeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        agent.close();

        forwarded.get(kit().timeout().toMillis(), TimeUnit.MILLISECONDS).get(kit().timeout().toMillis(),
                TimeUnit.MILLISECONDS);
        kit().await().until(() -> downstream.count() == 1);
        assertThat(downstream.payloads()).containsExactly("task forwarded");
        assertThat(agent.counters().handled()).isEqualTo(1);
        assertThat(agent.isClosed()).isTrue();
        assertThatThrownBy(() -> agent.publish(out, "after close").join()).hasMessageContaining("closed");
    }

    @Test
    default void aMessageAboveTheBrokersLimitIsRefusedByTheBus() {
        int limit = kit().broker().capabilities().maxPayloadBytes();
        DefaultMessageBus bus = kit().bus("oversized-sender");
        String topic = kit().topic("oversized");
        Recorder<String> received = new Recorder<>();
        bus.subscribe(topic, String.class, received);
        String small = "fits";
        bus.publish(topic, small).join();
        kit().await().until(() -> received.count() == 1);
        if (limit <= 0) {
            return; // the broker sets no limit: nothing to refuse
        }

        String large = "x".repeat(limit + 1);
        assertThatThrownBy(() -> bus.publish(topic, large).join()).hasCauseInstanceOf(MessageRejectedException.class)
            .hasMessageContaining(String.valueOf(limit))
            .hasMessageContaining("bytes");
        assertThat(received.count()).isEqualTo(1);
    }
}
