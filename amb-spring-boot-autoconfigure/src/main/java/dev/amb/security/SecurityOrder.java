package dev.amb.security;

import org.springframework.core.Ordered;

/**
 * The {@link Ordered} positions of AMB's own interceptors, so that applications can place theirs
 * before or after them. Outbound: policy, rate limit, audit, then (last) signing, so the signature
 * covers what every earlier interceptor changed. Inbound: verification first, so that everything
 * after it can trust {@link dev.amb.spi.InboundContext#verifiedSender()}.
 *
 * @since 0.1.0
 */
public final class SecurityOrder {

    /** Inbound signature verification. */
    public static final int VERIFY = Ordered.HIGHEST_PRECEDENCE + 100;

    /** Topic access policy (outbound and inbound). */
    public static final int POLICY = Ordered.HIGHEST_PRECEDENCE + 200;

    /** Rate limits (outbound and inbound). */
    public static final int RATE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 300;

    /** Audit records (outbound and inbound). */
    public static final int AUDIT = Ordered.HIGHEST_PRECEDENCE + 400;

    /** Outbound signing: the last interceptor before the broker. */
    public static final int SIGN = Ordered.LOWEST_PRECEDENCE - 100;

    private SecurityOrder() {
    }
}
