package dev.amb.core;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.annotation.AnnotationAwareOrderComparator;

import dev.amb.AmbException;
import dev.amb.spi.Envelope;
import dev.amb.spi.InboundContext;
import dev.amb.spi.InboundInterceptor;
import dev.amb.spi.OutboundInterceptor;
import dev.amb.spi.OutboundKind;

/**
 * The bus's interceptors, sorted once by {@code Ordered} / {@code @Order}: the outbound chain runs
 * in {@link OutboundPipeline}, the inbound chain in {@link InboundPreparer}, the subscribe check in
 * {@link SubscriptionFactory}. Immutable and thread safe.
 */
final class InterceptorChain {

    static final InterceptorChain EMPTY = new InterceptorChain(List.of(), List.of());

    private final List<OutboundInterceptor> outbound;

    private final List<InboundInterceptor> inbound;

    InterceptorChain(List<OutboundInterceptor> outbound, List<InboundInterceptor> inbound) {
        this.outbound = sorted(outbound);
        this.inbound = sorted(inbound);
    }

    private static <T> List<T> sorted(List<T> interceptors) {
        List<T> copy = new ArrayList<>(interceptors);
        AnnotationAwareOrderComparator.sort(copy);
        return List.copyOf(copy);
    }

    boolean hasInbound() {
        return !inbound.isEmpty();
    }

    /**
     * Runs the outbound chain.
     * @throws AmbException the rejection of an interceptor (other exceptions are wrapped, naming it)
     */
    Envelope beforeSend(Envelope envelope, OutboundKind kind) {
        Envelope current = envelope;
        for (OutboundInterceptor interceptor : outbound) {
            try {
                current = interceptor.beforeSend(current, kind);
            }
            catch (AmbException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                throw new AmbException("Outbound interceptor " + interceptor.getClass().getName() + " failed on "
                        + kind.name().toLowerCase(java.util.Locale.ROOT) + " to '" + envelope.topic() + "': " + ex.getMessage(),
                        ex);
            }
            if (current == null) {
                throw new AmbException("Outbound interceptor " + interceptor.getClass().getName()
                        + " returned no envelope for '" + envelope.topic() + "'");
            }
        }
        return current;
    }

    /**
     * Runs the inbound chain.
     * @throws dev.amb.spi.EnvelopeRejectedException when an interceptor rejected the envelope
     */
    Envelope afterReceive(Envelope envelope, InboundContext context) {
        Envelope current = envelope;
        for (InboundInterceptor interceptor : inbound) {
            current = interceptor.afterReceive(current, context);
            if (current == null) {
                throw new IllegalStateException("Inbound interceptor " + interceptor.getClass().getName()
                        + " returned no envelope");
            }
        }
        return current;
    }

    /** Lets every inbound interceptor refuse a subscription before it is made. */
    void beforeSubscribe(List<String> patterns, String group) {
        for (InboundInterceptor interceptor : inbound) {
            interceptor.beforeSubscribe(patterns, group);
        }
    }
}
