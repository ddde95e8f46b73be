package dev.amb.broker.redis;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisURI;

import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * The brokers, buses and other resources one Redis integration test opens, closed in reverse
 * order by {@link #close()} (called from the test class's {@code @AfterEach}).
 */
final class RedisResources implements AutoCloseable {

    private final Duration busShutdownTimeout;

    private final List<Closeable> resources = new ArrayList<>();

    /**
     * @param busShutdownTimeout the shutdown timeout of the buses {@link #bus} builds
     */
    RedisResources(Duration busShutdownTimeout) {
        this.busShutdownTimeout = busShutdownTimeout;
    }

    /** @return a broker on the local server, closed with the others */
    RedisBroker broker(RedisBrokerSettings.Builder settings) {
        return broker(RedisTestSupport.uri(), settings.build());
    }

    /** @return a broker on the given server, closed with the others */
    RedisBroker broker(RedisURI uri, RedisBrokerSettings settings) {
        RedisBroker broker = RedisTestSupport.broker(uri, settings);
        add(broker::close);
        return broker;
    }

    /** @return a bus with the JSON serializer on the broker, closed with the others */
    DefaultMessageBus bus(RedisBroker broker, String agentId) {
        DefaultMessageBus bus = DefaultMessageBus.builder(broker).agentId(agentId)
            .serializer(new JsonMessageSerializer()).shutdownTimeout(busShutdownTimeout).build();
        add(bus::close);
        return bus;
    }

    /** @return a bus with the JSON serializer on a broker of its own, both closed with the others */
    DefaultMessageBus bus(RedisBrokerSettings.Builder settings, String agentId) {
        return bus(broker(settings), agentId);
    }

    /**
     * Adds something else to close (a proxy, a plain client), before those added earlier.
     * @param resource how to close it
     */
    void add(Closeable resource) {
        resources.add(resource);
    }

    /** Closes every resource, the most recent first. */
    @Override
    public void close() throws IOException {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
