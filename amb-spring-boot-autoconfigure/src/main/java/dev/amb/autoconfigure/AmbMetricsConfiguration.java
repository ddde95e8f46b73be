package dev.amb.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.observability.MicrometerBusMetrics;
import dev.amb.spi.BusMetrics;

/**
 * The bus's meters in the application's {@link MeterRegistry}, when Micrometer is on the class
 * path, a registry bean exists and {@code amb.metrics.enabled} is not {@code false}. Without it the
 * bus still counts (see {@code DefaultMessageBus.counters()}) but registers nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnProperty(prefix = "amb.metrics", name = "enabled", matchIfMissing = true)
class AmbMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean(BusMetrics.class)
    MicrometerBusMetrics ambBusMetrics(MeterRegistry registry) {
        return new MicrometerBusMetrics(registry);
    }
}
