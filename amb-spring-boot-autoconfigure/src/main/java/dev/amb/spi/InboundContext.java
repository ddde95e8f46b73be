package dev.amb.spi;

import java.util.List;

/**
 * What an {@link InboundInterceptor} knows about one delivery besides its envelope, and what it
 * may hand on to the interceptors after it. One instance per delivery; not shared between threads.
 *
 * @since 0.1.0
 */
public interface InboundContext {

    /** @return the receiving subscription's name */
    String subscriptionId();

    /** @return the receiving subscription's patterns */
    List<String> patterns();

    /** @return the receiving subscription's group, or {@code null} for a broadcast subscription */
    String group();

    /** @return the broker's delivery attempt, 1 on first delivery */
    int deliveryAttempt();

    /**
     * @return the sender an interceptor proved (a verified signature), or {@code null} while none did;
     *     access policies trust this, never the unverified {@code source}
     */
    String verifiedSender();

    /**
     * Records the sender proved by a verified signature, for the interceptors that run later.
     * @param sender the verified sender
     */
    void verifiedSender(String sender);
}
