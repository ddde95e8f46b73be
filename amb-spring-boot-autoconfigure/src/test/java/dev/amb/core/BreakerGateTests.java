package dev.amb.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.amb.spi.Breaker;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.support.AdapterThreads;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate follows the breaker's state, whatever order its notifications arrive in. */
class BreakerGateTests {

    private final ScheduledExecutorService timer = AdapterThreads.timer("gate-test-timer");

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void notificationsHandledOutOfOrderDoNotLeaveTheSubscriptionPausedWhileTheBreakerIsHalfOpen() {
        SettableBreaker breaker = new SettableBreaker();
        RecordingSubscription subscription = new RecordingSubscription();
        BreakerGate gate = new BreakerGate(breaker, timer);
        gate.attach(subscription);

        // OPEN -> HALF_OPEN happened, but the HALF_OPEN notification is handled before the OPEN one
        breaker.state = Breaker.State.HALF_OPEN;
        breaker.listeners.forEach(listener -> listener.accept(Breaker.State.HALF_OPEN));
        breaker.listeners.forEach(listener -> listener.accept(Breaker.State.OPEN));

        assertThat(subscription.calls).last().isEqualTo("resume");
        gate.close();
    }

    @Test
    void aNotificationSayingClosedWhileTheBreakerIsOpenKeepsTheSubscriptionPaused() {
        SettableBreaker breaker = new SettableBreaker();
        RecordingSubscription subscription = new RecordingSubscription();
        BreakerGate gate = new BreakerGate(breaker, timer);
        gate.attach(subscription);

        breaker.state = Breaker.State.OPEN;
        breaker.listeners.forEach(listener -> listener.accept(Breaker.State.OPEN));
        breaker.listeners.forEach(listener -> listener.accept(Breaker.State.CLOSED));

        assertThat(subscription.calls).last().isEqualTo("pause");
        gate.close();
    }

    /** A breaker whose state the test sets. */
    private static final class SettableBreaker implements Breaker {

        volatile State state = State.CLOSED;

        final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "settable";
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public boolean tryAcquirePermission() {
            return state != State.OPEN;
        }

        @Override
        public void releasePermission() {
        }

        @Override
        public void onSuccess(Duration elapsed) {
        }

        @Override
        public void onError(Duration elapsed, Throwable error) {
        }

        @Override
        public Runnable onStateChange(Consumer<State> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    /** Records pause and resume calls. */
    private static final class RecordingSubscription implements BrokerSubscription {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public void close() {
        }

        @Override
        public void close(Duration grace) {
        }
    }
}
