package dev.amb;

/**
 * A running subscription created by {@link MessageBus#subscribe}.
 *
 * <p><b>Threading:</b> every method is thread safe and may be called from any thread, including
 * from inside the subscription's own handler.
 *
 * <p><b>Closing:</b> {@link #close()} stops delivery: once it returns, the handler is not invoked
 * for any further message. Handlers already running are allowed to finish (up to the bus's
 * shutdown grace period, after which they are interrupted); when {@code close()} is called from
 * the subscription's own handler it does not wait for itself. What happens to messages that were
 * received but not yet handled depends on the broker: durable brokers redeliver them to other
 * members of the group or on the next start, at-most-once brokers discard them and log how many.
 * {@code close()} is idempotent.
 *
 * @since 0.1.0
 */
public interface Subscription extends AutoCloseable {

    /**
     * The (first) pattern this subscription was created with.
     * @return the topic pattern, possibly containing {@code *} and {@code #}
     */
    String pattern();

    /**
     * Every pattern this subscription was created with; a message matching several is delivered
     * once.
     * @return the topic patterns, in the order given
     * @since 0.2.0
     */
    default java.util.List<String> patterns() {
        return java.util.List.of(pattern());
    }

    /**
     * The consumer group, or {@code null} for a broadcast subscription.
     * @return the group name or {@code null}
     */
    String group();

    /**
     * Whether the subscription still delivers messages.
     * @return {@code false} once {@link #close()} was called or the bus was closed
     */
    boolean isActive();

    /**
     * Stops delivery; idempotent. Never throws.
     */
    @Override
    void close();
}
