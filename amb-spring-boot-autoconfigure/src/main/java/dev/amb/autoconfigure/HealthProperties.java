package dev.amb.autoconfigure;

import java.time.Duration;

/**
 * How the {@code amb} health contributor judges subscriptions ({@code amb.health.*}).
 *
 * @since 0.3.0
 */
public class HealthProperties {

    /**
     * How long the running handlers of a subscription may go without progress (no handler
     * finished, none started while none ran) before the subscription reports DOWN as stuck. Set
     * it above the longest time a handler may legitimately take.
     */
    private Duration stallTimeout = Duration.ofMinutes(5);

    /** @return the stall timeout */
    public Duration getStallTimeout() {
        return stallTimeout;
    }

    /** @param stallTimeout the stall timeout */
    public void setStallTimeout(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }
}
