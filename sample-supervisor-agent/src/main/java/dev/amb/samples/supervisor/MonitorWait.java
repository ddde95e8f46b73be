package dev.amb.samples.supervisor;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting with a deadline on an object's monitor until a condition holds: how {@link Roster} and
 * {@link Observations} wait for what their listeners add.
 */
final class MonitorWait {

    private MonitorWait() {
    }

    /**
     * Waits until the condition holds or the timeout passes. The caller holds the monitor (it runs in
     * a method synchronized on it), and whoever changes what the condition reads calls
     * {@code notifyAll()} on it.
     * @param monitor the object whose monitor the caller holds
     * @param condition what to wait for, tested with the monitor held
     * @param timeout how long to wait
     * @return whether the condition held within the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    static boolean until(Object monitor, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            monitor.wait(Math.max(1, Duration.ofNanos(left).toMillis()));
        }
        return true;
    }
}
