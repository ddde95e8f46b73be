package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.sqs.fifo=true} on ElasticMQ: FIFO queues keep publish order per topic for a
 * subscription with concurrency 1, and a repeated publish of one CloudEvents id is delivered once.
 */
class SqsFifoIntegrationTests {

    private SqsFixture sqs;

    private SqsBroker broker;

    private DefaultMessageBus bus;

    @AfterEach
    void close() {
        if (sqs != null) {
            sqs.close();
        }
    }

    private void start() {
        sqs = SqsFixture.start();
        SqsSettings base = ElasticMq.testSettings();
        broker = sqs.broker(new SqsSettings(base.queuePrefix(), base.visibilityTimeout(),
                base.waitTime(), 10, true, false, false, 10, base.registryRefresh(), base.orphanTimeout(),
                base.maxMessageBytes(), base.shutdownTimeout()));
        bus = sqs.bus("fifo");
    }

    @Test
    void fifoQueuesKeepPublishOrderAndDropRepeatedIds() throws Exception {
        start();
        assertThat(broker.capabilities().ordered()).isTrue();
        Recorder<Integer> received = new Recorder<>();
        bus.subscribe("jobs.*", Integer.class, received);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sends.add(bus.publish("jobs.ordered", i));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Envelope repeated = Envelope.builder().id(UUID.randomUUID().toString()).topic("jobs.repeated")
            .contentType("application/json").data("1000".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
        broker.publish(repeated).get(30, TimeUnit.SECONDS);
        broker.publish(repeated).get(30, TimeUnit.SECONDS);
        bus.publish("jobs.ordered", 100).get(30, TimeUnit.SECONDS);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> received.payloads().contains(100)
                && received.payloads().contains(1000));
        Awaitility.await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(2))
            .until(() -> received.count() == 102);
        List<Integer> ordered = received.payloads().stream().filter(n -> n <= 100).toList();
        assertThat(ordered).hasSize(101).isSorted();
        assertThat(received.payloads().stream().filter(n -> n == 1000)).hasSize(1);
    }
}
