package dev.amb.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.SmartLifecycle;

import dev.amb.MessageBus;
import dev.amb.MessageFilter;
import dev.amb.spi.support.AdapterThreads;

/**
 * Owns the running annotation-driven endpoints. A {@link SmartLifecycle}: endpoints registered
 * while the context starts are subscribed only once every singleton exists (so no message
 * reaches a half-built bean), and on shutdown all of them are closed in parallel, each letting its
 * running handlers finish, within {@code shutdownTimeout}. Endpoints can be looked up, stopped and
 * started by id at run time.
 *
 * <p><b>Threading:</b> all methods are thread safe.
 *
 * @since 0.1.0
 */
public class AgentEndpointRegistry implements SmartLifecycle {

    /** Starts after other lifecycle beans and stops before them. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    private static final Log logger = LogFactory.getLog(AgentEndpointRegistry.class);

    private final MessageBus bus;

    private final BeanFactory beanFactory;

    private final Duration shutdownTimeout;

    private final Map<String, EndpointContainer> containers = new LinkedHashMap<>();

    private boolean running;

    /**
     * Creates the registry.
     * @param bus the bus endpoints subscribe through
     * @param beanFactory where {@code filter} bean names are looked up
     * @param shutdownTimeout how long stopping waits for running handlers
     */
    public AgentEndpointRegistry(MessageBus bus, BeanFactory beanFactory, Duration shutdownTimeout) {
        this.bus = bus;
        this.beanFactory = beanFactory;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Registers an endpoint; it starts with the registry (or at once, if the registry is already
     * running and the endpoint starts automatically).
     * @param endpoint the endpoint
     * @throws AgentEndpointException when the id is taken or the filter bean does not exist
     */
    public synchronized void register(AgentEndpoint endpoint) {
        if (containers.containsKey(endpoint.id())) {
            throw new AgentEndpointException(endpoint.kind().annotation(), endpoint.beanName(), endpoint.handler().method(),
                    "another endpoint already uses the id '" + endpoint.id() + "'; give one of them an explicit id");
        }
        EndpointContainer container = new EndpointContainer(endpoint, bus, filter(endpoint));
        containers.put(endpoint.id(), container);
        if (running && endpoint.autoStartup()) {
            container.start();
        }
    }

    private MessageFilter filter(AgentEndpoint endpoint) {
        MessageFilter condition = endpoint.condition();
        if (endpoint.filterBeanName() == null) {
            return condition;
        }
        MessageFilter bean;
        try {
            bean = beanFactory.getBean(endpoint.filterBeanName(), MessageFilter.class);
        }
        catch (NoSuchBeanDefinitionException ex) {
            throw new AgentEndpointException(endpoint.kind().annotation(), endpoint.beanName(), endpoint.handler().method(),
                    "filter '" + endpoint.filterBeanName() + "' does not name a MessageFilter bean (" + ex.getMessage()
                            + ")");
        }
        return condition != null ? bean.and(condition) : bean;
    }

    /**
     * @param id an endpoint id
     * @return its container, or {@code null} when there is none
     */
    public synchronized EndpointContainer getEndpointContainer(String id) {
        return containers.get(id);
    }

    /** @return the ids of every registered endpoint */
    public synchronized Set<String> getEndpointContainerIds() {
        return Set.copyOf(containers.keySet());
    }

    /** @return every registered endpoint's container */
    public synchronized Collection<EndpointContainer> getEndpointContainers() {
        return List.copyOf(containers.values());
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (EndpointContainer container : containers.values()) {
            if (container.endpoint().autoStartup()) {
                container.start();
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        List<EndpointContainer> toStop;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            toStop = new ArrayList<>(containers.values());
        }
        if (toStop.isEmpty()) {
            return;
        }
        // each container stops on a thread of its own; an interrupt of this thread does not cut a stop
        // short (that would leave queued messages neither handled nor returned to the broker)
        boolean stopped = AdapterThreads.closeInParallel("amb-endpoint-stop-", toStop.stream()
            .<Runnable>map(container -> () -> stopQuietly(container))
            .toList(), shutdownTimeout.plus(Duration.ofSeconds(1)));
        if (!stopped) {
            logger.warn("Some AMB endpoints did not stop within " + shutdownTimeout + "; continuing the shutdown");
        }
    }

    private static void stopQuietly(EndpointContainer container) {
        try {
            container.stop();
        }
        catch (RuntimeException ex) {
            logger.warn("AMB endpoint '" + container.endpoint().id() + "' failed to stop cleanly", ex);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
