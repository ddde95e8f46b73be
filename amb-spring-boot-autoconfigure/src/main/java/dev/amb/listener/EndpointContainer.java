package dev.amb.listener;

import org.springframework.core.ParameterizedTypeReference;

import dev.amb.AckMode;
import dev.amb.MessageBus;
import dev.amb.MessageFilter;
import dev.amb.Subscription;
import dev.amb.core.ManagedSubscription;

/**
 * Runs one {@link AgentEndpoint}: one subscription, on all its topic patterns, through the
 * {@link MessageBus} (a message matching several patterns is handled once). Containers are owned by the
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

    private Subscription subscription;

    EndpointContainer(AgentEndpoint endpoint, MessageBus bus, MessageFilter filter) {
        this.endpoint = endpoint;
        this.bus = bus;
        this.filter = filter;
    }

    /** @return the endpoint this container runs */
    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** Subscribes the endpoint's topics; a no-op when already running. */
    public synchronized void start() {
        if (subscription == null) {
            subscription = subscribe();
        }
    }

    private Subscription subscribe() {
        HandlerMethod handler = endpoint.handler();
        ParameterizedTypeReference<Object> type = ParameterizedTypeReference.forType(handler.payloadType());
        var options = endpoint.options(filter);
        if (endpoint.kind() == EndpointKind.RESPONDER) {
            return bus.respond(options, type, handler::invoke);
        }
        if (endpoint.ackMode() == AckMode.BATCH) {
            return bus.subscribeBatch(options, type, handler::invokeBatch);
        }
        return bus.subscribe(options, type, handler::invoke);
    }

    /** Closes the subscription, letting running handlers finish; a no-op when stopped. */
    public synchronized void stop() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /**
     * Stops taking new messages until {@link #resume()}, keeping the subscription (durable brokers
     * keep the messages meanwhile); a no-op when stopped.
     * @since 0.3.0
     */
    public synchronized void pause() {
        if (subscription instanceof ManagedSubscription managed) {
            managed.pause();
        }
    }

    /**
     * Takes messages again after {@link #pause()}; a no-op when stopped.
     * @since 0.3.0
     */
    public synchronized void resume() {
        if (subscription instanceof ManagedSubscription managed) {
            managed.resume();
        }
    }

    /**
     * @return the running subscription, or {@code null} when stopped
     * @since 0.3.0
     */
    public synchronized Subscription subscription() {
        return subscription;
    }

    /** @return {@code true} while the subscription is open */
    public synchronized boolean isRunning() {
        return subscription != null && subscription.isActive();
    }

    @Override
    public String toString() {
        return "EndpointContainer[" + endpoint.id() + " -> " + endpoint.topics() + "]";
    }
}
