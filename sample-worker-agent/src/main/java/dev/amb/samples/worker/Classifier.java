package dev.amb.samples.worker;

import org.springframework.stereotype.Component;

import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;

/**
 * Classifies documents sent to {@code tasks.classify} with the {@link ExternalTool} and announces
 * the label on {@code documents.classified}.
 *
 * <p>The listener is guarded by the Resilience4j circuit breaker {@code external-tool} (configured
 * under {@code resilience4j.circuitbreaker.instances.external-tool}): when the tool keeps failing
 * the breaker opens and the listener takes no messages, and its retries wait instead of hammering
 * the tool; after the breaker's wait a trial call decides whether it closes again.
 * {@link BreakerReporter} tells the supervisor about each change.
 */
@Component
class Classifier {

    private final ExternalTool tool;

    private final MessageBus bus;

    private final Topics topics;

    private final WorkerProperties properties;

    private final WorkerLoad load;

    Classifier(ExternalTool tool, MessageBus bus, Topics topics, WorkerProperties properties, WorkerLoad load) {
        this.tool = tool;
        this.bus = bus;
        this.topics = topics;
        this.properties = properties;
        this.load = load;
    }

    @AgentListener(topics = "${agent-system.name}.tasks.classify", group = "workers", retries = "5", retryDelay = "200ms",
            circuitBreaker = "external-tool")
    void classify(Message<ClassifyRequest> message) throws Exception {
        ClassifyRequest request = message.data();
        String label = load.track(() -> tool.classify(request.text()));
        bus.publish(topics.classified(),
                new Classification(request.taskId(), request.documentId(), label, properties.getId(), message.deliveryAttempt()));
    }
}
