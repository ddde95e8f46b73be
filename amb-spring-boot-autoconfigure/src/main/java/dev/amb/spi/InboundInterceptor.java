package dev.amb.spi;

import java.util.List;

import org.springframework.core.Ordered;

/**
 * Sees every message a subscription receives, after the exact pattern check and before it is
 * decoded and handed to the handler. It may return the envelope unchanged, return a transformed
 * one (what the handler then decodes), or reject it with a reason by throwing
 * {@link EnvelopeRejectedException}: the original bytes then go to the dead-letter topic with that
 * reason in {@code amb-dlq-reason} and the handler never sees the message. Any other runtime
 * exception dead-letters it with reason {@code interceptor-failed}.
 *
 * <p>Interceptors run in {@link Ordered} order (lowest first); AMB's own use the orders in
 * {@code dev.amb.security.SecurityOrder}: signature verification first, so that access policies
 * and rate limits after it can trust {@link InboundContext#verifiedSender()}.
 *
 * <p>Replies arriving on a requester's own reply inbox do not pass through inbound interceptors.
 *
 * <p><b>Threading:</b> runs on the subscription's delivery threads, concurrently for concurrent
 * deliveries: implementations must be thread safe and should not block.
 *
 * @since 0.1.0
 */
public interface InboundInterceptor extends Ordered {

    /**
     * Inspects, transforms or rejects one received envelope.
     * @param envelope the envelope as received (or as the previous interceptor returned it)
     * @param context the delivery's context
     * @return the envelope to decode and handle; never {@code null}
     * @throws EnvelopeRejectedException to dead-letter the message with a reason
     */
    Envelope afterReceive(Envelope envelope, InboundContext context);

    /**
     * Called before a subscription is made, on the subscribing thread; throwing (for example
     * {@link dev.amb.TopicAccessDeniedException}) fails the subscribe call and nothing is subscribed.
     * Does nothing unless overridden.
     * @param patterns the patterns to subscribe
     * @param group the group, or {@code null}
     */
    default void beforeSubscribe(List<String> patterns, String group) {
    }

    /** @return this interceptor's position; {@code 0} unless overridden */
    @Override
    default int getOrder() {
        return 0;
    }
}
