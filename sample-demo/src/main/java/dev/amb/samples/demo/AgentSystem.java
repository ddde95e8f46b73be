package dev.amb.samples.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.amb.broker.memory.MemoryBroker;
import dev.amb.samples.supervisor.SupervisorAgentApplication;
import dev.amb.samples.worker.WorkerAgentApplication;
import dev.amb.spi.Broker;

/**
 * A small multi-agent system in one JVM: a supervisor and workers, each its own Spring application
 * context (its own beans, bus, endpoints and configuration), that share nothing but the broker.
 *
 * <p>{@link #inMemory} gives every context the same {@link MemoryBroker}, registered as the
 * context's {@link Broker} bean (AMB's auto-configuration then backs off and uses it). The broker
 * belongs to this system, not to the contexts: closing a context leaves it open, and
 * {@link #close()} closes it after the last context. {@link #onBroker} lets each context open its
 * own connection from {@code amb.broker} and friends, exactly as separate processes would.
 *
 * <p>Not thread safe: start and stop agents from one thread.
 */
final class AgentSystem implements AutoCloseable {

    private final MemoryBroker sharedBroker;

    private final List<String> commonProperties;

    private ConfigurableApplicationContext supervisor;

    private final Map<String, ConfigurableApplicationContext> workers = new LinkedHashMap<>();

    private AgentSystem(MemoryBroker sharedBroker, List<String> commonProperties) {
        this.sharedBroker = sharedBroker;
        this.commonProperties = commonProperties;
    }

    /**
     * A system whose agents share one in-memory broker.
     * @param commonProperties properties for every agent, as {@code name=value}
     */
    static AgentSystem inMemory(String... commonProperties) {
        return new AgentSystem(new MemoryBroker(), List.of(commonProperties));
    }

    /**
     * A system whose agents each connect to the broker that the properties name
     * ({@code amb.broker=redis}, {@code amb.redis.url=...}).
     * @param commonProperties properties for every agent, as {@code name=value}
     */
    static AgentSystem onBroker(String... commonProperties) {
        return new AgentSystem(null, List.of(commonProperties));
    }

    ConfigurableApplicationContext startSupervisor(String... properties) {
        if (supervisor != null) {
            throw new IllegalStateException("the supervisor is already running");
        }
        supervisor = start(SupervisorAgentApplication.application(), List.of(properties));
        return supervisor;
    }

    ConfigurableApplicationContext startWorker(String workerId, String... properties) {
        if (workers.containsKey(workerId)) {
            throw new IllegalStateException("worker '" + workerId + "' is already running");
        }
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("worker.id=" + workerId);
        ConfigurableApplicationContext worker = start(WorkerAgentApplication.application(), all);
        workers.put(workerId, worker);
        return worker;
    }

    /** Stops a worker the way a process stops: its context closes and it says goodbye. */
    void stopWorker(String workerId) {
        ConfigurableApplicationContext worker = workers.remove(workerId);
        if (worker == null) {
            throw new IllegalArgumentException("no worker '" + workerId + "' is running; running: " + workers.keySet());
        }
        worker.close();
    }

    ConfigurableApplicationContext supervisor() {
        if (supervisor == null) {
            throw new IllegalStateException("the supervisor is not running");
        }
        return supervisor;
    }

    /** Starts an agent as its main method would, with the properties as command-line arguments. */
    private ConfigurableApplicationContext start(SpringApplicationBuilder application, List<String> properties) {
        List<String> arguments = new ArrayList<>();
        commonProperties.forEach(property -> arguments.add("--" + property));
        properties.forEach(property -> arguments.add("--" + property));
        if (sharedBroker != null) {
            // a singleton registered by hand is not destroyed with the context: the system owns the broker
            application.initializers(context -> context.getBeanFactory().registerSingleton("ambBroker", sharedBroker));
        }
        return application.run(arguments.toArray(String[]::new));
    }

    /** Closes the supervisor, then the workers, then the shared broker (if any). Idempotent. */
    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
            supervisor = null;
        }
        new ArrayList<>(workers.keySet()).forEach(this::stopWorker);
        if (sharedBroker != null) {
            sharedBroker.close();
        }
    }
}
