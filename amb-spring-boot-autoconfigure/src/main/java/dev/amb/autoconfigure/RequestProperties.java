package dev.amb.autoconfigure;

import java.time.Duration;

/**
 * Request/reply defaults ({@code amb.request.*}).
 *
 * @since 0.1.0
 */
public class RequestProperties {

    /**
     * How long request() waits for a reply when the call gives no timeout.
     */
    private Duration timeout = Duration.ofSeconds(30);

    /** @return the default request timeout */
    public Duration getTimeout() {
        return timeout;
    }

    /** @param timeout the default request timeout */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
