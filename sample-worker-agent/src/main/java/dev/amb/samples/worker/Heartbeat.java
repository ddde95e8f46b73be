package dev.amb.samples.worker;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;

/**
 * Publishes the worker's {@link AgentStatus} on {@code agents.<id>.status}: once when it starts,
 * every {@code worker.heartbeat-interval}, whenever a supervisor calls the roll
 * ({@code agents.roll-call}), and a last {@code STOPPED} status when it shuts down.
 *
 * <p>A {@link SmartLifecycle} in the last phase: it starts after the worker's endpoints are
 * subscribed (a supervisor that sees the worker can give it work at once) and stops before them.
 * The schedule runs on one daemon thread of its own; roll calls arrive on a bus delivery thread.
 * Publishing happens under this object's lock, so no heartbeat can follow the {@code STOPPED} one.
 */
@Component
class Heartbeat implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(Heartbeat.class);

    private final MessageBus bus;

    private final Topics topics;

    private final WorkerProperties properties;

    private final WorkerLoad load;

    private ScheduledExecutorService scheduler;

    Heartbeat(MessageBus bus, Topics topics, WorkerProperties properties, WorkerLoad load) {
        this.bus = bus;
        this.topics = topics;
        this.properties = properties;
        this.load = load;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "heartbeat-" + properties.getId());
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.getHeartbeatInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::beat, 0, interval, TimeUnit.MILLISECONDS);
        logger.info(properties.getId() + " is up; capabilities " + properties.getCapabilities()
                + ", heartbeat every " + properties.getHeartbeatInterval().toMillis() + " ms");
    }

    @AgentListener(topics = "${agent-system.name}.agents.roll-call")
    void onRollCall() {
        beat();
    }

    /** Publishes the current status, unless the heartbeat is stopped. */
    synchronized void beat() {
        if (scheduler == null) {
            return;
        }
        publish(load.busy() ? "BUSY" : "IDLE").exceptionally(error -> {
            logger.warn(properties.getId() + " could not publish its heartbeat: " + error.getMessage());
            return null;
        });
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler = null;
        try {
            publish("STOPPED").get(2, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            logger.warn(properties.getId() + " could not announce that it stops: " + ex.getMessage());
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private CompletableFuture<Void> publish(String state) {
        String agentId = properties.getId();
        AgentStatus status = new AgentStatus(agentId, state, load.load(), List.copyOf(properties.getCapabilities()),
                load.tasksDone(), Instant.now());
        return bus.publish(topics.status(agentId), status);
    }
}
