package dev.amb.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.MessageBus;
import dev.amb.listener.AgentEndpointRegistry;
import dev.amb.listener.AgentListenerAnnotationBeanPostProcessor;

/**
 * Annotation support: the post-processor that finds {@code @AgentListener} and
 * {@code @AgentResponder} methods and the registry that runs them.
 */
@Configuration(proxyBeanMethods = false)
class AgentListenerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static AgentListenerAnnotationBeanPostProcessor ambAgentListenerAnnotationBeanPostProcessor() {
        return new AgentListenerAnnotationBeanPostProcessor();
    }

    @Bean
    @ConditionalOnMissingBean
    AgentEndpointRegistry ambAgentEndpointRegistry(MessageBus bus, BeanFactory beanFactory, AmbProperties properties) {
        return new AgentEndpointRegistry(bus, beanFactory, properties.getShutdownTimeout());
    }
}
