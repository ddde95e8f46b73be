package dev.amb.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.DeadLetters;
import dev.amb.core.DefaultMessageBus;
import dev.amb.listener.AgentEndpointRegistry;

/**
 * The {@code amb} actuator endpoint ({@link AmbEndpoint}), exposed like every endpoint through
 * {@code management.endpoints.web.exposure.include}, on Spring Boot 3.5 and 4: it is conditioned
 * only on the endpoint annotation and {@code @ConditionalOnAvailableEndpoint}, which have the same
 * names on both lines (the health contributor, whose types Boot 4 moved, is in
 * {@link AmbHealthAutoConfiguration}). The class conditions are by name so that an application
 * without the actuator never loads an actuator type.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = AmbAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean(DefaultMessageBus.class)
public class AmbEndpointAutoConfiguration {

    /** Created by Spring. */
    AmbEndpointAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(AmbEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AmbEndpoint ambEndpoint(DefaultMessageBus bus, ObjectProvider<AgentEndpointRegistry> registry,
                DeadLetters deadLetters) {
            return new AmbEndpoint(bus, registry.getIfAvailable(), deadLetters);
        }
    }
}
