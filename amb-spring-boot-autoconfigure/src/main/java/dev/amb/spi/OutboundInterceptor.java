package dev.amb.spi;

import org.springframework.core.Ordered;

/**
 * Sees every envelope the bus sends, after it was built and serialized and before the broker gets
 * it: publishes, requests, replies and dead letters. It may return the envelope unchanged, return
 * a transformed one (add an extension, sign it), or reject it by throwing.
 *
 * <p>Interceptors run in {@link Ordered} order (lowest first; {@code @Order} on the class works as
 * well when they come from a Spring context); the next one sees what the previous one returned.
 * AMB's own interceptors use the orders in {@code dev.amb.security.SecurityOrder}: access policy and
 * rate limits first, signing last, so that a signature covers every transformation.
 *
 * <p><b>Rejection:</b> an {@link dev.amb.AmbException} thrown here (for example
 * {@link dev.amb.TopicAccessDeniedException}, {@link dev.amb.RateLimitExceededException}) fails
 * the publish future with that exception, unchanged, so its message should name the rule that
 * refused; any other runtime exception fails it with an {@code AmbException} naming the interceptor.
 * Nothing is sent either way.
 *
 * <p><b>Threading:</b> runs on the publishing thread (a handler thread for replies and dead
 * letters), concurrently for concurrent publishes: implementations must be thread safe and should
 * not block.
 *
 * @since 0.1.0
 */
public interface OutboundInterceptor extends Ordered {

    /**
     * Inspects, transforms or rejects one outgoing envelope.
     * @param envelope the envelope as built so far
     * @param kind what the envelope is
     * @return the envelope to send (the same one when nothing changes); never {@code null}
     */
    Envelope beforeSend(Envelope envelope, OutboundKind kind);

    /** @return this interceptor's position; {@code 0} unless overridden */
    @Override
    default int getOrder() {
        return 0;
    }
}
