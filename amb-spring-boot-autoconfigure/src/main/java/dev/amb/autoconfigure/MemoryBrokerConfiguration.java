package dev.amb.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.amb.broker.memory.MemoryBroker;
import dev.amb.spi.Broker;

/**
 * The in-memory broker, when {@code amb.broker} is {@code memory} or unset.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerCondition.class)
class MemoryBrokerConfiguration {

    @Bean
    @ConditionalOnMissingBean(Broker.class)
    MemoryBroker ambMemoryBroker(AmbProperties properties) {
        MemoryProperties memory = properties.getMemory();
        return new MemoryBroker(new MemoryBroker.Settings(memory.getMaxQueueSize(), memory.getLatency(),
                memory.getFailureRate(), properties.getShutdownTimeout()));
    }
}
