package dev.amb.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.resilience.BreakerSettings;
import dev.amb.resilience.Resilience4jCircuitBreakers;
import dev.amb.resilience.Resilience4jRetryPolicy;
import dev.amb.resilience.RetrySettings;
import dev.amb.spi.CircuitBreakerProvider;
import dev.amb.spi.RetryPolicy;

/**
 * Handler retries and circuit breakers with Resilience4j, when it is on the class path (the
 * starter brings it). Listener breakers come from the application's {@link CircuitBreakerRegistry}
 * when Resilience4j's own auto-configuration made one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Retry.class, CircuitBreaker.class })
class ResilienceConfiguration {

    @Bean
    @ConditionalOnMissingBean(RetryPolicy.class)
    Resilience4jRetryPolicy ambRetryPolicy(AmbProperties properties) {
        RetryProperties retry = properties.getRetry();
        return new Resilience4jRetryPolicy(new RetrySettings(retry.getMaxRetries(), retry.getInitialDelay(),
                retry.getMaxDelay(), retry.getMultiplier(), retry.getJitter(), retry.getRetryableExceptions(),
                retry.getNonRetryableExceptions()));
    }

    @Bean
    @ConditionalOnMissingBean(CircuitBreakerProvider.class)
    Resilience4jCircuitBreakers ambCircuitBreakers(ObjectProvider<CircuitBreakerRegistry> registry,
            AmbProperties properties, ApplicationEventPublisher events) {
        CircuitBreakerProperties breaker = properties.getCircuitBreaker();
        return new Resilience4jCircuitBreakers(registry.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
                new BreakerSettings(breaker.getFailureThreshold(), breaker.getRecoveryTimeout(),
                        breaker.getHalfOpenRequests()),
                events::publishEvent);
    }
}
