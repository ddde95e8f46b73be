package dev.amb.samples.worker;

import java.time.Instant;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.amb.MessageBus;
import dev.amb.resilience.CircuitBreakerStateChangedEvent;

/**
 * Publishes every state change of this worker's circuit breakers on {@code agents.<id>.breaker}.
 * AMB reports breaker changes as Spring events inside the agent; this makes them visible to the
 * other agents. Runs on the thread that changed the breaker; publishing does not block.
 */
@Component
class BreakerReporter {

    private final MessageBus bus;

    private final Topics topics;

    private final WorkerProperties properties;

    BreakerReporter(MessageBus bus, Topics topics, WorkerProperties properties) {
        this.bus = bus;
        this.topics = topics;
        this.properties = properties;
    }

    @EventListener
    void onBreakerChange(CircuitBreakerStateChangedEvent event) {
        String agentId = properties.getId();
        bus.publish(topics.breaker(agentId), new BreakerChange(agentId, event.name(), event.from().name(),
                event.to().name(), Instant.ofEpochMilli(event.getTimestamp())));
    }
}
