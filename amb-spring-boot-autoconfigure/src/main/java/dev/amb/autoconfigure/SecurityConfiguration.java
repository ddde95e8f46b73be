package dev.amb.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.MessageBus;
import dev.amb.security.AuditSink;
import dev.amb.security.CompositeAuditSink;
import dev.amb.security.TopicAuditSink;

/**
 * Where AMB's audit records go, unless the application defines its own {@link AuditSink}: Spring
 * Boot's {@code AuditEventRepository} when the actuator is present and the application defines
 * one, and the audit topic ({@code amb.security.audit.topic}). The interceptors themselves are
 * built with the bus (see {@link SecurityInterceptors}), since they need its agent id.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @ConditionalOnMissingBean(AuditSink.class)
    CompositeAuditSink ambAuditSink(AmbProperties properties, ObjectProvider<MessageBus> bus,
            ObjectProvider<BootAuditSink> boot) {
        List<AuditSink> sinks = new ArrayList<>();
        boot.ifAvailable(sinks::add);
        String topic = properties.getSecurity().getAudit().getTopic();
        if (topic != null && !topic.isBlank()) {
            sinks.add(new TopicAuditSink(bus::getObject, topic));
        }
        return new CompositeAuditSink(sinks);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(AuditEventRepository.class)
    static class BootAuditConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BootAuditSink ambBootAuditSink(ObjectProvider<AuditEventRepository> repository) {
            return new BootAuditSink(repository);
        }
    }
}
