package dev.amb.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.AckMode;
import dev.amb.BatchFailure;
import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.resilience.Resilience4jRetryPolicy;
import dev.amb.resilience.RetrySettings;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Batch subscriptions under load, failure and shutdown, on the memory broker: timeout-flushed
 * batches obey backpressure and run one at a time in order; closing settles every buffered
 * message; an {@code Error} settles its batch; a {@link BatchFailure} fails only its records.
 */
class BatchProcessorTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final MemoryBroker broker = new MemoryBroker(
            MemoryBroker.Settings.defaults().withShutdownGrace(Duration.ofSeconds(5)));

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("batch-agent")
        .serializer(new JsonMessageSerializer())
        .shutdownTimeout(Duration.ofSeconds(5))
        .retryPolicy(new Resilience4jRetryPolicy(new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(10), 1.0,
                0.0, List.of(), List.of())))
        .build();

    private final DefaultMessageBus publisher = DefaultMessageBus.builder(broker)
        .agentId("batch-publisher")
        .serializer(new JsonMessageSerializer())
        .build();

    @AfterEach
    void close() {
        bus.close();
        publisher.close();
        broker.close();
    }

    private static SubscriptionOptions batch(String topic, int size, Duration timeout) {
        return SubscriptionOptions.pattern(topic).ackMode(AckMode.BATCH).batchSize(size).batchTimeout(timeout);
    }

    @Test
    void timeoutFlushedBatchesWaitForTheRunningOneAndKeepTheirOrder() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        bus.subscribeBatch(batch("slow.batches", 100, Duration.ofMillis(50)), Integer.class, messages -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            batches.add(messages.stream().map(Message::data).toList());
            TimeUnit.MILLISECONDS.sleep(300); // a slow handler: partial batches pile up behind it
            active.decrementAndGet();
        });
        long workersBefore = busWorkers();
        AtomicInteger next = new AtomicInteger();
        List<Long> workerSamples = new CopyOnWriteArrayList<>();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(1);
        int total = 200;
        try {
            load.scheduleAtFixedRate(() -> {
                int value = next.getAndIncrement();
                if (value < total) {
                    publisher.publish("slow.batches", value);
                }
                workerSamples.add(busWorkers() - workersBefore);
            }, 0, 10, TimeUnit.MILLISECONDS);
            Awaitility.await().atMost(WAIT)
                .until(() -> batches.stream().mapToInt(List::size).sum() == total);
        }
        finally {
            load.shutdownNow();
        }

        List<Integer> all = batches.stream().flatMap(List::stream).toList();
        List<Integer> sorted = new ArrayList<>(all);
        Collections.sort(sorted);
        assertThat(all).as("batches in arrival order").isEqualTo(sorted).hasSize(total).doesNotHaveDuplicates();
        assertThat(maxActive.get()).isEqualTo(1);
        assertThat(workerSamples).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
    }

    private static long busWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("amb-bus-worker-") && thread.isAlive())
            .count();
    }

    @Test
    void closingWhileADeliveryIsStillBeingPreparedLosesNothing() throws Exception {
        CountDownLatch filtering = new CountDownLatch(1);
        CountDownLatch releaseFilter = new CountDownLatch(1);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        bus.subscribeBatch(batch("closing.batch", 10, Duration.ofSeconds(30)).filter(message -> {
            if (Integer.valueOf(4).equals(message.data())) {
                filtering.countDown();
                try {
                    releaseFilter.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }), Integer.class, messages -> messages.forEach(message -> handled.add(message.data())));
        int published = 8;
        for (int i = 0; i < published; i++) {
            publisher.publish("closing.batch", i).join();
        }
        assertThat(filtering.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(bus::close);
        Awaitility.await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(bus::isClosed);
        releaseFilter.countDown();
        closing.get(30, TimeUnit.SECONDS);

        BusCounters counters = bus.counters();
        assertThat(handled).containsExactly(0, 1, 2, 3);
        assertThat(counters.handled() + counters.deadLettered() + broker.discardedCount()).isEqualTo(published);
    }

    @Test
    void anErrorFromTheHandlerReturnsTheBatchToTheBroker() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        bus.subscribeBatch(batch("erring.batch", 1, Duration.ofSeconds(1)), String.class, messages -> {
            attempts.add(messages.get(0).deliveryAttempt());
            if (attempts.size() == 1) {
                throw new BatchTestError();
            }
        });

        publisher.publish("erring.batch", "once").join();

        // the Error is rethrown on the runner thread after the batch was settled: that is expected here
        Awaitility.await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> bus.counters().handled() == 1);
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void aBatchFailureAcknowledgesTheOthersAndRetriesThenDeadLettersOnlyTheFailedOnes() {
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        List<String> deadLetters = new CopyOnWriteArrayList<>();
        publisher.subscribe(DeadLetterSettings.DEFAULT_TOPIC, Object.class, message -> deadLetters.add(
                message.headers().get("amb-dlq-reason")));
        bus.subscribeBatch(batch("partial.batch", 5, Duration.ofSeconds(30)), String.class, messages -> {
            List<String> payloads = messages.stream().map(Message::data).toList();
            calls.add(payloads);
            List<Integer> failed = new ArrayList<>();
            for (int i = 0; i < payloads.size(); i++) {
                if (payloads.get(i).startsWith("bad")) {
                    failed.add(i);
                }
            }
            if (!failed.isEmpty()) {
                throw new BatchFailure(failed, new IllegalStateException("cannot store"));
            }
        });

        for (String payload : List.of("ok-1", "bad-1", "ok-2", "bad-2", "ok-3")) {
            publisher.publish("partial.batch", payload).join();
        }

        Awaitility.await().atMost(WAIT).until(() -> bus.counters().deadLettered() == 2 && deadLetters.size() == 2);
        assertThat(calls).containsExactly(List.of("ok-1", "bad-1", "ok-2", "bad-2", "ok-3"), List.of("bad-1", "bad-2"),
                List.of("bad-1", "bad-2"));
        assertThat(bus.counters().handled()).isEqualTo(3);
        assertThat(bus.counters().retries()).isEqualTo(2);
    }

    @Test
    void aBatchFailureNamesAtLeastOneValidIndex() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BatchFailure(List.of(), null))
            .withMessageContaining("at least one");
        assertThatIllegalArgumentException().isThrownBy(() -> new BatchFailure(new IllegalStateException(), -1))
            .withMessageContaining("negative");
        assertThat(new BatchFailure(null, 3, 1, 3).failedIndexes()).containsExactly(1, 3);
    }

    /** An {@code Error} a handler might throw. */
    static final class BatchTestError extends Error {

        private static final long serialVersionUID = 1L;

        BatchTestError() {
            super("simulated error in a batch handler");
        }
    }
}
