package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a group member with messages in flight: the one in its handler finishes, the ones it had
 * received but not started go back to the queue at once, and the next member handles each of them
 * once, as a first attempt.
 */
class SqsShutdownIntegrationTests {

    private static ElasticMq server;

    private static SqsAsyncClient client;

    @BeforeAll
    static void startServer() {
        server = ElasticMq.start();
        client = server.asyncClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @Test
    void closingAMemberGivesItsUnstartedMessagesToTheNextOneAsFirstAttempts() throws Exception {
        SqsSettings settings = ElasticMq.testSettings();
        try (SqsBroker first = new SqsBroker(client, false, settings);
                SqsBroker second = new SqsBroker(client, false, settings)) {
            DefaultMessageBus leaving = bus(first, "leaving");
            Recorder<Integer> early = new Recorder<>();
            leaving.subscribe(SubscriptionOptions.pattern("jobs.slow").group("workers"), Integer.class, message -> {
                early.handle(message);
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            });
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sends.add(leaving.publish("jobs.slow", i));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> early.count() >= 2);

            leaving.close(); // holds up to 11 messages: one in its handler, the rest queued

            DefaultMessageBus staying = bus(second, "staying");
            Recorder<Integer> late = new Recorder<>();
            staying.subscribe(SubscriptionOptions.pattern("jobs.slow").group("workers"), Integer.class, late);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> early.count() + late.count() >= 30);
            Awaitility.await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(2))
                .until(() -> early.count() + late.count() == 30);
            List<Message<Integer>> all = new ArrayList<>(early.messages());
            all.addAll(late.messages());
            assertThat(new HashSet<>(all.stream().map(Message::data).toList())).hasSize(30);
            assertThat(all).extracting(Message::deliveryAttempt).containsOnly(1);
            staying.close();
        }
    }

    private static DefaultMessageBus bus(SqsBroker broker, String agent) {
        return DefaultMessageBus.builder(broker).agentId(agent).serializer(new JsonMessageSerializer())
            .shutdownTimeout(Duration.ofSeconds(5)).build();
    }
}
