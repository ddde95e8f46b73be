package dev.amb.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import dev.amb.core.DefaultMessageBus;
import dev.amb.core.ManagedSubscription;
import dev.amb.listener.AgentEndpoint;
import dev.amb.listener.EndpointContainer;

/**
 * What {@code GET /actuator/amb} returns: the agent, its broker, its endpoints and open
 * subscriptions with their state and figures, pending requests, running dead-letter replays and
 * the bus-wide counters.
 *
 * @param agentId this agent's id
 * @param broker the broker's name
 * @param pendingRequests requests waiting for replies
 * @param counters the bus-wide totals
 * @param endpoints the annotated endpoints, running or not
 * @param subscriptions every open subscription (endpoints' included)
 * @param replays the ids of dead-letter replays started through the endpoint and still running
 * @since 0.3.0
 */
public record AmbEndpointReport(String agentId, String broker, int pendingRequests, Map<String, Long> counters,
        List<EndpointEntry> endpoints, List<SubscriptionEntry> subscriptions, List<String> replays) {

    static AmbEndpointReport of(DefaultMessageBus bus, List<EndpointContainer> containers, List<String> replays) {
        return new AmbEndpointReport(bus.agentId(), bus.broker().name(), bus.pendingRequests(), bus.counters().asMap(),
                containers.stream().map(EndpointEntry::of).toList(),
                bus.managedSubscriptions().stream().map(SubscriptionEntry::of).toList(), replays);
    }

    /**
     * An {@code @AgentListener} or {@code @AgentResponder} endpoint.
     *
     * @param id its id
     * @param kind {@code LISTENER} or {@code RESPONDER}
     * @param patterns its topic patterns
     * @param group its group, or {@code null}
     * @param ackMode its ack mode
     * @param autoStartup whether it starts with the application
     * @param state {@code STOPPED}, or its subscription's state
     * @since 0.3.0
     */
    public record EndpointEntry(String id, String kind, List<String> patterns, String group, String ackMode,
            boolean autoStartup, String state) {

        static EndpointEntry of(EndpointContainer container) {
            AgentEndpoint endpoint = container.endpoint();
            String state = container.subscription() instanceof ManagedSubscription managed ? managed.state().name()
                    : container.isRunning() ? "RUNNING" : "STOPPED";
            return new EndpointEntry(endpoint.id(), endpoint.kind().name(), endpoint.topics(), endpoint.group(),
                    endpoint.ackMode().name(), endpoint.autoStartup(), state);
        }
    }

    /**
     * An open subscription.
     *
     * @param id its id
     * @param patterns its patterns
     * @param group its group, or {@code null}
     * @param ackMode its ack mode
     * @param state see {@link ManagedSubscription.State}
     * @param failure why it failed, or {@code null}
     * @param inFlight messages being handled
     * @param queued messages waiting in the adapter, or {@code null} when the adapter cannot tell
     * @param lag the consumer lag, or {@code null} when the broker cannot tell (or has not answered yet)
     * @param circuitBreaker its circuit breaker's name, or {@code null}
     * @param circuitBreakerState its circuit breaker's state, or {@code null}
     * @param counters its totals
     * @since 0.3.0
     */
    public record SubscriptionEntry(String id, List<String> patterns, String group, String ackMode, String state,
            String failure, int inFlight, Long queued, Long lag, String circuitBreaker, String circuitBreakerState,
            Map<String, Long> counters) {

        static SubscriptionEntry of(ManagedSubscription subscription) {
            return new SubscriptionEntry(subscription.id(), subscription.patterns(), subscription.group(),
                    subscription.ackMode().name(), subscription.state().name(), subscription.failure(),
                    subscription.inFlight(), boxed(subscription.queued()), boxed(subscription.lag()),
                    subscription.circuitBreaker(), subscription.circuitBreakerState(), subscription.counters().asMap());
        }

        private static Long boxed(OptionalLong value) {
            return value.isPresent() ? value.getAsLong() : null;
        }
    }
}
