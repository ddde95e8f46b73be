package dev.amb.samples.supervisor;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.amb.MessageBus;

/**
 * Keeps the {@link Roster} current: when the supervisor starts it calls the roll (workers that
 * were already running answer with a heartbeat at once instead of at their next interval), then it
 * looks for stale workers every {@code supervisor.roster.check-interval} on one daemon thread.
 *
 * <p>A {@link SmartLifecycle} in the last phase, so the roll is called once the roster listens.
 */
@Component
class RosterKeeper implements SmartLifecycle {

    private final Roster roster;

    private final MessageBus bus;

    private final Topics topics;

    private final SupervisorProperties properties;

    private ScheduledExecutorService scheduler;

    RosterKeeper(Roster roster, MessageBus bus, Topics topics, SupervisorProperties properties) {
        this.roster = roster;
        this.bus = bus;
        this.topics = topics;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "roster-keeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.getRoster().getCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(roster::markStaleWorkers, interval, interval, TimeUnit.MILLISECONDS);
        bus.publish(topics.rollCall(), null);
    }

    @Override
    public synchronized void stop() {
        scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
