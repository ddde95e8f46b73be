package dev.amb.core;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.amb.spi.Breaker;
import dev.amb.spi.BrokerSubscription;

/**
 * Connects a listener's circuit breaker to its subscription. While the breaker is open the
 * subscription is paused (the broker keeps the messages) and a delivery thread that already holds
 * a message waits for permission instead of burning retries; when the breaker half-opens or closes
 * the subscription resumes, and the half-open trial calls decide what happens next.
 *
 * <p>Breakers configured without an automatic transition to half-open only move when a call is
 * attempted; since a paused subscription attempts none, the gate probes such a breaker every
 * {@value #PROBE_MILLIS} ms while it is open (taking and at once giving back a permission).
 *
 * <p><b>Threading:</b> state changes arrive on whatever thread caused them; waiting delivery threads
 * are woken through a monitor.
 */
final class BreakerGate {

    static final long PROBE_MILLIS = 500;

    private final Breaker breaker;

    private final ScheduledExecutorService timer;

    private final Object monitor = new Object();

    private final Runnable deregistration;

    private volatile BrokerSubscription subscription;

    private volatile boolean closed;

    private ScheduledFuture<?> probe;

    BreakerGate(Breaker breaker, ScheduledExecutorService timer) {
        this.breaker = breaker;
        this.timer = timer;
        this.deregistration = breaker.onStateChange(state -> stateChanged());
    }

    Breaker breaker() {
        return breaker;
    }

    void attach(BrokerSubscription subscription) {
        this.subscription = subscription;
        if (breaker.state() == Breaker.State.OPEN) {
            stateChanged();
        }
    }

    /**
     * Waits until the breaker permits a call.
     * @throws InterruptedException when the thread is interrupted or the gate closed
     */
    void acquire() throws InterruptedException {
        while (!breaker.tryAcquirePermission()) {
            synchronized (monitor) {
                if (closed) {
                    throw new InterruptedException("subscription closed while its circuit breaker '" + breaker.name()
                            + "' was open");
                }
                monitor.wait(PROBE_MILLIS);
            }
        }
    }

    /**
     * Follows the breaker's current state, re-read here rather than taken from the notification:
     * notifications of quick successive transitions may arrive out of order on different threads,
     * and the last one handled must not leave the subscription paused while the breaker is not open.
     */
    private synchronized void stateChanged() {
        BrokerSubscription current = subscription;
        if (current != null && !closed) {
            if (breaker.state() == Breaker.State.OPEN) {
                current.pause();
                startProbing();
            }
            else {
                stopProbing();
                current.resume();
            }
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    private synchronized void startProbing() {
        if (probe != null || closed) {
            return;
        }
        try {
            probe = timer.scheduleWithFixedDelay(() -> {
                if (breaker.state() == Breaker.State.OPEN && breaker.tryAcquirePermission()) {
                    breaker.releasePermission();
                }
            }, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            // the bus is closing
        }
    }

    private synchronized void stopProbing() {
        if (probe != null) {
            probe.cancel(false);
            probe = null;
        }
    }

    void close() {
        closed = true;
        deregistration.run();
        stopProbing();
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }
}
