package dev.amb.listener;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.amb.AckMode;
import dev.amb.MessageFilter;
import dev.amb.SubscriptionOptions;

/**
 * A resolved and validated {@code @AgentListener} or {@code @AgentResponder} declaration: what to
 * subscribe to, how, and the method to call. Immutable; created by the endpoint factory and run
 * by an {@link EndpointContainer}.
 *
 * @param id the endpoint id (unique in the registry)
 * @param kind listener or responder
 * @param beanName the bean declaring the method
 * @param handler the method to call and how to build its arguments
 * @param topics the topic patterns (one subscription on all of them)
 * @param group the consumer group, or {@code null}
 * @param ackMode the acknowledgement mode
 * @param retries retries after the first attempt, or {@code null} for the bus default
 * @param retryDelay the first retry delay, or {@code null} for the bus default
 * @param condition the SpEL condition, or {@code null}
 * @param filterBeanName the name of a {@link MessageFilter} bean, or {@code null}
 * @param concurrency how many messages are handled at once
 * @param batchSize the largest batch ({@link AckMode#BATCH})
 * @param circuitBreaker the circuit breaker name, or {@code null}
 * @param autoStartup whether the endpoint starts with the registry
 * @param batchTimeout how long a batch may wait to fill ({@link AckMode#BATCH}), or {@code null} for the default
 * @param maxUnacked the most unsettled messages ({@link AckMode#MANUAL}), or {@code null} for the default
 * @since 0.1.0
 */
public record AgentEndpoint(String id, EndpointKind kind, String beanName, HandlerMethod handler, List<String> topics,
        String group, AckMode ackMode, Integer retries, Duration retryDelay, MessageFilter condition,
        String filterBeanName, int concurrency, int batchSize, String circuitBreaker, boolean autoStartup,
        Duration batchTimeout, Integer maxUnacked) {

    /**
     * Checks the required values.
     */
    public AgentEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(handler, "handler");
        topics = List.copyOf(topics);
    }

    /**
     * The options of the endpoint's one subscription, on all its topics.
     * @param filter the combined condition and filter bean, or {@code null}
     * @return the options
     */
    public SubscriptionOptions options(MessageFilter filter) {
        SubscriptionOptions options = SubscriptionOptions.patterns(topics)
            .group(group)
            .ackMode(ackMode)
            .filter(filter)
            .concurrency(concurrency)
            .batchSize(batchSize)
            .circuitBreaker(circuitBreaker)
            .validator(handler.validator())
            .id(id);
        if (retries != null) {
            options = options.retries(retries);
        }
        if (retryDelay != null) {
            options = options.retryDelay(retryDelay);
        }
        if (batchTimeout != null) {
            options = options.batchTimeout(batchTimeout);
        }
        if (maxUnacked != null) {
            options = options.maxUnacked(maxUnacked);
        }
        return options;
    }
}
