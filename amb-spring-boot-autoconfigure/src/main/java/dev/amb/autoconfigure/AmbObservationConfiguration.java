package dev.amb.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.amb.observability.AmbBatchObservationConvention;
import dev.amb.observability.AmbProcessObservationConvention;
import dev.amb.observability.AmbPublishObservationConvention;
import dev.amb.observability.AmbRequestObservationConvention;
import dev.amb.observability.BatchLinkingTracingObservationHandler;
import dev.amb.observability.ObservationBusObserver;
import dev.amb.spi.BusObserver;

/**
 * Micrometer observations of the bus and W3C trace propagation: on when the application has an
 * {@link ObservationRegistry} bean (Spring Boot's actuator makes one) and {@code amb.observation.enabled}
 * is not false; otherwise the bus observes on {@link ObservationRegistry#NOOP}, which costs nothing
 * per message but the handler MDC entries. {@code Amb*ObservationConvention} beans replace the
 * default conventions. With micrometer-tracing and a {@link Tracer} bean, batch spans link to their
 * messages' traces.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ObservationRegistry.class)
class AmbObservationConfiguration {

    /** Before Spring Boot's default tracing handler, which would take batch contexts too. */
    static final int BATCH_LINKING_HANDLER_ORDER = 0;

    @Bean
    @ConditionalOnMissingBean(BusObserver.class)
    ObservationBusObserver ambBusObserver(AmbProperties properties, ObjectProvider<ObservationRegistry> registry,
            ObjectProvider<AmbPublishObservationConvention> publish, ObjectProvider<AmbProcessObservationConvention> process,
            ObjectProvider<AmbBatchObservationConvention> batch, ObjectProvider<AmbRequestObservationConvention> request) {
        ObservationRegistry chosen = properties.getObservation().isEnabled()
                ? registry.getIfUnique(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
        return new ObservationBusObserver(chosen, publish.getIfUnique(), process.getIfUnique(), batch.getIfUnique(),
                request.getIfUnique());
    }

    @Bean
    AmbMessageBusCustomizer ambBusObserverCustomizer(BusObserver observer) {
        return builder -> builder.observer(observer);
    }

    /** Span links for batches, when the application traces through micrometer-tracing. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class BatchLinks {

        @Bean
        @Order(BATCH_LINKING_HANDLER_ORDER)
        @ConditionalOnBean(Tracer.class)
        @ConditionalOnMissingBean
        BatchLinkingTracingObservationHandler ambBatchLinkingTracingObservationHandler(Tracer tracer) {
            return new BatchLinkingTracingObservationHandler(tracer);
        }
    }
}
