package dev.amb.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.core.DefaultMessageBus;

/**
 * The {@code amb} health contributor ({@link AmbHealthContributor}, off with
 * {@code management.health.amb.enabled=false}) on Spring Boot 3.5's actuator. Spring Boot 4 moved
 * health to {@code spring-boot-health} under other names, so there neither class condition matches
 * and this configuration stays out (the {@code amb} endpoint, in
 * {@link AmbEndpointAutoConfiguration}, and the meters do not depend on it). The conditions are by
 * class name so that an application without the actuator never loads a health type.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = AmbAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.health.HealthContributor",
        "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator" })
@ConditionalOnBean(DefaultMessageBus.class)
public class AmbHealthAutoConfiguration {

    /** Created by Spring. */
    AmbHealthAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("amb")
    static class HealthConfiguration {

        @Bean(name = "ambHealthContributor")
        @ConditionalOnMissingBean(name = "ambHealthContributor")
        AmbHealthContributor ambHealthContributor(DefaultMessageBus bus, AmbProperties properties) {
            return new AmbHealthContributor(bus, properties.getHealth().getStallTimeout());
        }
    }
}
