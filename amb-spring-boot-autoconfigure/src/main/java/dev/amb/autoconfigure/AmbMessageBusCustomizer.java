package dev.amb.autoconfigure;

import dev.amb.core.DefaultMessageBus;

/**
 * Customizes the auto-configured {@link DefaultMessageBus} before it is built. Declare one or
 * more as beans; they run in {@link org.springframework.core.Ordered order}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AmbMessageBusCustomizer {

    /**
     * Customizes the builder.
     * @param builder the bus builder, already configured from {@code amb.*}
     */
    void customize(DefaultMessageBus.Builder builder);
}
