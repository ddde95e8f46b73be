package dev.amb.spi.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdapterThreadsTests {

    @Test
    void namesEndingInADashAreNumberedOthersAreUsedAsTheyAre() {
        Thread first = AdapterThreads.daemon("amb-x-worker-").newThread(() -> { });
        Thread timer = AdapterThreads.daemon("amb-x-timer").newThread(() -> { });

        assertThat(first.getName()).isEqualTo("amb-x-worker-1");
        assertThat(timer.getName()).isEqualTo("amb-x-timer");
        assertThat(first.isDaemon()).isTrue();
        assertThat(timer.isDaemon()).isTrue();
    }

    @Test
    void stopDropsDelayedTasksAndInterruptsHandlersStillRunningAfterTheGrace() throws Exception {
        ScheduledExecutorService timer = AdapterThreads.timer("amb-test-timer");
        ExecutorService workers = AdapterThreads.workers("amb-test-worker-");
        AtomicBoolean delayedRan = new AtomicBoolean();
        timer.schedule(() -> delayedRan.set(true), 1, TimeUnit.HOURS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        workers.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // blocks until interrupted
            }
            catch (InterruptedException ex) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        AdapterThreads.stop(timer, workers, Duration.ofMillis(50));

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(timer.isShutdown()).isTrue();
        assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(delayedRan).isFalse();
    }

    @Test
    void remainingTimeIsNeverNegative() {
        assertThat(AdapterThreads.remaining(System.nanoTime() - 1_000)).isEqualTo(Duration.ZERO);
        assertThat(AdapterThreads.remaining(System.nanoTime() + Duration.ofHours(1).toNanos()))
            .isGreaterThan(Duration.ofMinutes(59));
    }
}
