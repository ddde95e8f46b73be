package dev.amb.listener;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.ParameterizedTypeReference;

import dev.amb.AckMode;
import dev.amb.MessageBus;
import dev.amb.MessageFilter;
import dev.amb.Subscription;

/**
 * Runs one {@link AgentEndpoint}: one subscription per topic pattern through the
 * {@link MessageBus}, started and stopped together. Containers are owned by the
 * {@link AgentEndpointRegistry} and are not beans.
 *
 * <p><b>Threading:</b> {@link #start()} and {@link #stop()} are synchronized and idempotent; the
 * endpoint method runs on the subscriptions' delivery threads.
 *
 * @since 0.1.0
 */
public final class EndpointContainer {

    private final AgentEndpoint endpoint;

    private final MessageBus bus;

    private final MessageFilter filter;

    private final List<Subscription> subscriptions = new ArrayList<>();

    EndpointContainer(AgentEndpoint endpoint, MessageBus bus, MessageFilter filter) {
        this.endpoint = endpoint;
        this.bus = bus;
        this.filter = filter;
    }

    /** @return the endpoint this container runs */
    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** Subscribes every topic of the endpoint; a no-op when already running. */
    public synchronized void start() {
        if (!subscriptions.isEmpty()) {
            return;
        }
        try {
            for (int i = 0; i < endpoint.topics().size(); i++) {
                subscriptions.add(subscribe(i));
            }
        }
        catch (RuntimeException ex) {
            stop();
            throw ex;
        }
    }

    private Subscription subscribe(int topicIndex) {
        HandlerMethod handler = endpoint.handler();
        ParameterizedTypeReference<Object> type = ParameterizedTypeReference.forType(handler.payloadType());
        var options = endpoint.options(topicIndex, filter);
        if (endpoint.kind() == EndpointKind.RESPONDER) {
            return bus.respond(options, type, handler::invoke);
        }
        if (endpoint.ackMode() == AckMode.BATCH) {
            return bus.subscribeBatch(options, type, handler::invokeBatch);
        }
        return bus.subscribe(options, type, handler::invoke);
    }

    /** Closes the subscriptions, letting running handlers finish; a no-op when stopped. */
    public synchronized void stop() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    /** @return {@code true} while the subscriptions are open */
    public synchronized boolean isRunning() {
        return !subscriptions.isEmpty() && subscriptions.stream().allMatch(Subscription::isActive);
    }

    @Override
    public String toString() {
        return "EndpointContainer[" + endpoint.id() + " -> " + endpoint.topics() + "]";
    }
}
