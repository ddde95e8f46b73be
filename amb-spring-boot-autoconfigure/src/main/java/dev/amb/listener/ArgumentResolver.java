package dev.amb.listener;

import java.util.List;

import dev.amb.Message;

/**
 * Produces one argument of an endpoint method from the message (or batch) being handled.
 * Resolvers are chosen once per method, when the endpoint is created.
 */
@FunctionalInterface
interface ArgumentResolver {

    /**
     * @param message the message, or {@code null} for a batch call
     * @param batch the batch, or {@code null} for a single-message call
     * @return the argument
     */
    Object resolve(Message<?> message, List<? extends Message<?>> batch);
}
