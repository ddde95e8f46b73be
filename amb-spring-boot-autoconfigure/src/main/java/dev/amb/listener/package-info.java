/**
 * Annotation-driven endpoints: the bean post-processor that finds {@code @AgentListener} and
 * {@code @AgentResponder} methods (scanning only), the factory that resolves and validates their
 * attributes into {@link dev.amb.listener.AgentEndpoint} descriptors, the
 * {@link dev.amb.listener.AgentEndpointRegistry} that owns the running subscriptions, and the
 * invoker with its argument resolvers.
 */
package dev.amb.listener;
