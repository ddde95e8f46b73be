package dev.amb.spi;

/**
 * What a broker adapter can do natively. The bus uses it to choose how to give the same
 * observable behaviour on every broker, and the broker compatibility kit uses it to know which
 * guarantees to check.
 *
 * @param durable messages for a grouped subscription survive a consumer restart (at-least-once)
 * @param ordered messages on one topic reach a subscription with concurrency 1 in publish order
 * @param consumerGroups the broker shares messages between the members of a group itself
 * @param nativeDelay {@link Delivery#nack(java.time.Duration)} is implemented by the broker
 *        (for example JetStream {@code nakWithDelay}) rather than by the adapter's timer
 * @param exactPatterns the broker matches patterns with AMB semantics exactly, so the bus need
 *        not filter what it receives
 * @param nativeRequestReply the broker has its own request/reply mechanism the bus may use
 * @param maxPayloadBytes the largest serialized envelope the broker accepts, or {@code -1} when
 *        it sets no limit below 1 MiB
 * @since 0.1.0
 */
public record BrokerCapabilities(boolean durable, boolean ordered, boolean consumerGroups, boolean nativeDelay,
        boolean exactPatterns, boolean nativeRequestReply, int maxPayloadBytes) {

    /** @return the capabilities of the in-memory broker */
    public static BrokerCapabilities memory() {
        return new BrokerCapabilities(false, true, true, false, true, false, -1);
    }
}
