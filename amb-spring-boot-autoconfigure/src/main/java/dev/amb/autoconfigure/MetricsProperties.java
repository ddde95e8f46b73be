package dev.amb.autoconfigure;

/**
 * Meters of the bus ({@code amb.metrics.*}).
 *
 * @since 0.3.0
 */
public class MetricsProperties {

    /**
     * Whether the bus registers its meters (amb.published, amb.received, amb.handler.duration,
     * amb.consumer.lag, ...) in the application's Micrometer MeterRegistry. Only applies when
     * Micrometer is on the class path and a MeterRegistry bean exists (Spring Boot's actuator
     * creates one).
     */
    private boolean enabled = true;

    /** @return whether meters are registered */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether meters are registered */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
