package dev.amb.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.amb.broker.redis.RedisBroker;

/**
 * Closes a Redis broker that borrows the application's {@link LettuceConnectionFactory} just
 * before that factory stops (one phase above it): running handlers then finish and acknowledge
 * while the connections still work. A broker with a client of its own is left alone here; it
 * closes with the application context's beans, after the message bus.
 */
final class RedisBrokerLifecycle implements SmartLifecycle {

    private final ObjectProvider<RedisBroker> broker;

    private final int phase;

    private volatile boolean running;

    RedisBrokerLifecycle(ObjectProvider<RedisBroker> broker, ObjectProvider<RedisConnectionFactory> connectionFactory) {
        this.broker = broker;
        int factoryPhase = connectionFactory.getIfUnique() instanceof LettuceConnectionFactory lettuce ? lettuce.getPhase()
                : 0;
        this.phase = factoryPhase == Integer.MAX_VALUE ? factoryPhase : factoryPhase + 1;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        RedisBroker redis = broker.getIfAvailable();
        if (redis != null && !redis.connector().isOwned()) {
            redis.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
