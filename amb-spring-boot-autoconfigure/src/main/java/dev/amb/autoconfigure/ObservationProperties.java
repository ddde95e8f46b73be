package dev.amb.autoconfigure;

/**
 * Micrometer observations and trace propagation ({@code amb.observation.*}).
 *
 * @since 0.1.0
 */
public class ObservationProperties {

    /**
     * Whether the bus makes Micrometer observations (publish, process, request spans and timers) and
     * writes the W3C trace context into every message, when the application has an
     * ObservationRegistry bean (Spring Boot's actuator makes one). When false, or without a registry,
     * nothing is observed or propagated; handler logs still carry amb.messageId and amb.topic in the
     * MDC.
     */
    private boolean enabled = true;

    /** @return whether observations are on */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether observations are on */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
