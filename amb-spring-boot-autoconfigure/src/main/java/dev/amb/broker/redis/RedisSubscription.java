package dev.amb.broker.redis;

import dev.amb.spi.BrokerSubscription;

/**
 * A subscription of either mode, as the {@link RedisBroker} tracks it.
 */
interface RedisSubscription extends BrokerSubscription {

    /**
     * Adds something to do when the subscription closes (unregistering it); runs before the
     * subscription waits for its running handlers.
     * @param action the action
     */
    void onClose(Runnable action);
}
