package dev.amb.autoconfigure;

import java.time.Duration;

/**
 * The in-memory broker ({@code amb.memory.*}): queue bounds and chaos settings.
 *
 * @since 0.1.0
 */
public class MemoryProperties {

    /**
     * Capacity of each subscription's queue. When a subscription's queue is full, publishing to
     * it fails (the future names the subscription) instead of dropping the message.
     */
    private int maxQueueSize = 10_000;

    /**
     * Delay added to every delivery, to simulate a network broker in chaos tests.
     */
    private Duration latency = Duration.ZERO;

    /**
     * Fraction of publishes (0.0 to 1.0) that fail with a simulated broker error, for chaos tests.
     */
    private double failureRate = 0.0;

    /** @return the queue capacity */
    public int getMaxQueueSize() {
        return maxQueueSize;
    }

    /** @param maxQueueSize the queue capacity */
    public void setMaxQueueSize(int maxQueueSize) {
        this.maxQueueSize = maxQueueSize;
    }

    /** @return the simulated latency */
    public Duration getLatency() {
        return latency;
    }

    /** @param latency the simulated latency */
    public void setLatency(Duration latency) {
        this.latency = latency;
    }

    /** @return the simulated failure rate */
    public double getFailureRate() {
        return failureRate;
    }

    /** @param failureRate the simulated failure rate */
    public void setFailureRate(double failureRate) {
        this.failureRate = failureRate;
    }
}
