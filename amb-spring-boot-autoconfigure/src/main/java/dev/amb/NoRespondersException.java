package dev.amb;

import java.time.Duration;
import java.util.List;

/**
 * The broker reported at once that nobody is subscribed to the request topic, so the request
 * failed without waiting for its timeout. Only brokers with native request/reply (NATS) can tell;
 * on the others the same situation ends in a plain {@link RequestTimeoutException}, which is why
 * this exception extends it: code that handles timeouts handles this too.
 *
 * @since 0.1.0
 */
public class NoRespondersException extends RequestTimeoutException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param topic the request topic nobody listens on
     * @param timeout the timeout the request would have waited
     * @param broker the broker that reported it
     */
    public NoRespondersException(String topic, Duration timeout, String broker) {
        super("No responder is subscribed to '" + topic + "' (reported by the " + broker + " broker)", topic, timeout,
                List.of());
    }
}
