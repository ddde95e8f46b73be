package dev.amb.autoconfigure;

import io.nats.client.Options;

/**
 * Customizes the jnats {@link Options} of the auto-configured NATS connection after
 * {@code amb.nats.*} has been applied: for anything AMB's properties do not cover (an
 * {@code ErrorListener}, a {@code ConnectionListener}, a custom {@code ServerPool}, ...). Declare
 * one or more as beans; they run in {@link org.springframework.core.Ordered order}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface NatsOptionsCustomizer {

    /**
     * Customizes the options builder.
     * @param builder the builder, already configured from {@code amb.nats.*}
     */
    void customize(Options.Builder builder);
}
