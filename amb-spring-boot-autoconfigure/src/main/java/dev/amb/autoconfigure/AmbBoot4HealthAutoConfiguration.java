package dev.amb.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.core.DefaultMessageBus;

/**
 * The {@code amb} health contributor ({@link AmbBoot4HealthContributor}, off with
 * {@code management.health.amb.enabled=false}) on Spring Boot 4, whose actuator has health in
 * {@code spring-boot-health}. On Boot 3.5 the class conditions do not match and this configuration
 * stays out ({@link AmbHealthAutoConfiguration} serves Boot 3.5). The conditions are by class name
 * so that an application without Boot 4's health module never loads one of its types.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = AmbAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthContributor",
        "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
@ConditionalOnBean(DefaultMessageBus.class)
public class AmbBoot4HealthAutoConfiguration {

    /** Created by Spring. */
    AmbBoot4HealthAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("amb")
    static class HealthConfiguration {

        @Bean(name = "ambHealthContributor")
        @ConditionalOnMissingBean(name = "ambHealthContributor")
        AmbBoot4HealthContributor ambHealthContributor(DefaultMessageBus bus, AmbProperties properties) {
            return new AmbBoot4HealthContributor(bus, properties.getHealth().getStallTimeout());
        }
    }
}
