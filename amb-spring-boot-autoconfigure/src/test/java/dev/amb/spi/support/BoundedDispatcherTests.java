package dev.amb.spi.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedDispatcherTests {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    @Test
    void handsItemsToOneWorkerInFifoOrderWithConcurrencyOne() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = dispatcher(10_000, 1, item -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            seen.add(item);
            concurrent.decrementAndGet();
        });

        for (int i = 0; i < 5000; i++) {
            assertThat(dispatcher.offer(i)).isTrue();
        }

        Awaitility.await().until(() -> seen.size() == 5000);
        assertThat(seen).isSorted();
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void neverRunsMoreWorkersThanItsConcurrency() {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        BoundedDispatcher<Integer> dispatcher = dispatcher(1000, 3, item -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            gate.join();
            concurrent.decrementAndGet();
            done.incrementAndGet();
        });

        for (int i = 0; i < 100; i++) {
            dispatcher.offer(i);
        }
        Awaitility.await().until(() -> concurrent.get() == 3);
        gate.complete(null);

        Awaitility.await().until(() -> done.get() == 100);
        assertThat(maxConcurrent.get()).isEqualTo(3);
    }

    @Test
    void refusesOffersBeyondItsCapacityButAcceptsRequeues() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger handled = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = dispatcher(2, 1, item -> {
            gate.join();
            handled.incrementAndGet();
        });
        dispatcher.offer(0);
        Awaitility.await().until(() -> dispatcher.size() == 0); // the worker holds item 0

        assertThat(dispatcher.offer(1)).isTrue();
        assertThat(dispatcher.offer(2)).isTrue();
        assertThat(dispatcher.offer(3)).isFalse();
        assertThat(dispatcher.isFull()).isTrue();
        assertThat(dispatcher.requeue(4)).isTrue();
        gate.complete(null);

        Awaitility.await().until(() -> handled.get() == 4);
    }

    @Test
    void pauseStopsNewWorkAndResumeContinuesIt() {
        AtomicInteger handled = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = dispatcher(100, 1, item -> handled.incrementAndGet());
        dispatcher.pause();

        for (int i = 0; i < 10; i++) {
            dispatcher.offer(i);
        }
        Awaitility.await().during(Duration.ofMillis(100)).until(() -> handled.get() == 0);
        dispatcher.resume();

        Awaitility.await().until(() -> handled.get() == 10);
    }

    @Test
    void closeReturnsUnstartedItemsAndWaitsForTheRunningOne() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger finished = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = dispatcher(100, 1, item -> {
            gate.join();
            finished.incrementAndGet();
        });
        for (int i = 0; i < 5; i++) {
            dispatcher.offer(i);
        }
        Awaitility.await().until(() -> dispatcher.size() == 4);

        CompletableFuture<List<Integer>> closing = CompletableFuture.supplyAsync(() -> dispatcher.close(Duration.ofSeconds(10)));
        Awaitility.await().during(Duration.ofMillis(100)).until(() -> !closing.isDone());
        gate.complete(null);

        assertThat(closing.get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4);
        assertThat(finished.get()).isEqualTo(1);
        assertThat(dispatcher.offer(9)).isFalse();
        assertThat(dispatcher.close(Duration.ZERO)).isEmpty();
    }

    @Test
    void closeInterruptsWorkersThatOutliveTheGracePeriod() {
        AtomicInteger interrupted = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = dispatcher(10, 1, item -> {
            try {
                new CompletableFuture<Void>().get(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                interrupted.incrementAndGet();
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        dispatcher.offer(1);
        Awaitility.await().until(() -> dispatcher.size() == 0);

        dispatcher.close(Duration.ofMillis(50));

        Awaitility.await().until(() -> interrupted.get() == 1);
    }

    @Test
    void aWorkerCanCloseItsOwnDispatcherWithoutWaitingForItself() {
        AtomicInteger handled = new AtomicInteger();
        AtomicReference<BoundedDispatcher<Integer>> self = new AtomicReference<>();
        self.set(dispatcher(10, 1, item -> {
            handled.incrementAndGet();
            assertThat(self.get().isWorkerThread()).isTrue();
            self.get().close(Duration.ofSeconds(30));
        }));

        self.get().offer(1);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> self.get().isClosed() && handled.get() == 1);
    }

    @Test
    void aFailingWorkerDoesNotStopTheDispatcher() {
        AtomicInteger handled = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = dispatcher(10, 1, item -> {
            if (item == 0) {
                throw new IllegalStateException("boom");
            }
            handled.incrementAndGet();
        });

        dispatcher.offer(0);
        dispatcher.offer(1);
        dispatcher.offer(2);

        Awaitility.await().until(() -> handled.get() == 2);
    }

    @Test
    void anErrorIsNotSwallowedButTheNextItemsStillRun() {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        ExecutorService recording = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable);
            thread.setUncaughtExceptionHandler((t, ex) -> uncaught.add(ex));
            return thread;
        });
        AtomicInteger handled = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = new BoundedDispatcher<>("errors", 10, 1, recording, item -> {
            if (item == 0) {
                throw new StackOverflowError("simulated");
            }
            handled.incrementAndGet();
        });
        try {
            dispatcher.offer(0);
            dispatcher.offer(1);

            Awaitility.await().dontCatchUncaughtExceptions().until(() -> handled.get() == 1 && uncaught.size() == 1);
            assertThat(uncaught.get(0)).isInstanceOf(StackOverflowError.class).hasMessage("simulated");
        }
        finally {
            recording.shutdownNow();
        }
    }

    private BoundedDispatcher<Integer> dispatcher(int capacity, int concurrency, Consumer<Integer> worker) {
        return new BoundedDispatcher<>("test", capacity, concurrency, executor, worker);
    }

    @Test
    void closingFromAnInterruptedThreadStillReturnsTheQueuedItems() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        List<Integer> started = new CopyOnWriteArrayList<>();
        BoundedDispatcher<Integer> dispatcher = dispatcher(10, 1, item -> {
            started.add(item);
            release.join();
        });
        for (int i = 0; i < 3; i++) {
            assertThat(dispatcher.offer(i)).isTrue();
        }
        Awaitility.await().until(() -> started.size() == 1);

        Thread.currentThread().interrupt();
        List<Integer> leftover;
        try {
            leftover = dispatcher.close(Duration.ofSeconds(5));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
            release.complete(null);
        }

        assertThat(leftover).containsExactly(1, 2);
        assertThat(started).containsExactly(0);
    }

    @Test
    void anInlineDispatcherRunsAnItemOnTheOfferingThreadWhenNothingWaits() {
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        AtomicReference<Boolean> sawItselfAsWorker = new AtomicReference<>();
        AtomicReference<BoundedDispatcher<Integer>> self = new AtomicReference<>();
        BoundedDispatcher<Integer> dispatcher = new BoundedDispatcher<>("inline", 10, 1, executor, item -> {
            ranOn.add(Thread.currentThread());
            sawItselfAsWorker.set(self.get().isWorkerThread());
        }, true);
        self.set(dispatcher);

        assertThat(dispatcher.offer(1)).isTrue();

        assertThat(ranOn).containsExactly(Thread.currentThread());
        assertThat(sawItselfAsWorker.get()).isTrue();
        assertThat(dispatcher.isWorkerThread()).isFalse();
    }

    @Test
    void anInlineDispatcherQueuesWhatArrivesWhileItsSlotIsTakenAndKeepsOrder() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        BoundedDispatcher<Integer> dispatcher = new BoundedDispatcher<>("inline", 100, 1, executor, item -> {
            if (item == 0) {
                gate.join();
            }
            seen.add(item);
        }, true);
        Thread offering = new Thread(() -> dispatcher.offer(0));
        offering.start();
        Awaitility.await().until(() -> offering.getState() == Thread.State.WAITING);
        for (int i = 1; i <= 50; i++) {
            assertThat(dispatcher.offer(i)).isTrue();
        }
        assertThat(dispatcher.size()).as("queued behind the running item").isEqualTo(50);
        assertThat(seen).isEmpty();

        gate.complete(null);
        offering.join(TimeUnit.SECONDS.toMillis(10));

        Awaitility.await().until(() -> seen.size() == 51);
        assertThat(seen).isSorted();
    }

    @Test
    void closingWaitsForAnItemRunningInlineOnTheOfferingThread() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger finished = new AtomicInteger();
        BoundedDispatcher<Integer> dispatcher = new BoundedDispatcher<>("inline", 10, 1, executor, item -> {
            gate.join();
            finished.incrementAndGet();
        }, true);
        Thread offering = new Thread(() -> dispatcher.offer(1));
        offering.start();
        Awaitility.await().until(() -> offering.getState() == Thread.State.WAITING);

        CompletableFuture<List<Integer>> closed = CompletableFuture.supplyAsync(() -> dispatcher.close(Duration.ofSeconds(30)));
        Awaitility.await().during(Duration.ofMillis(200)).until(() -> !closed.isDone());
        gate.complete(null);

        assertThat(closed.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(finished.get()).isEqualTo(1);
        assertThat(dispatcher.offer(2)).as("closed").isFalse();
    }
}
