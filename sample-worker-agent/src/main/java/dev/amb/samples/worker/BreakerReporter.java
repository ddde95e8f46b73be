package dev.amb.samples.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.amb.MessageBus;
import dev.amb.resilience.CircuitBreakerStateChangedEvent;

/**
 * Publishes every state change of this worker's circuit breakers on {@code agents.<id>.breaker}.
 * AMB reports breaker changes as Spring events inside the agent; this makes them visible to the
 * other agents, in the order they happened.
 *
 * <p>That order needs care: a breaker's changes happen on different threads (it half-opens on
 * Resilience4j's timer thread, closes on the delivery thread whose trial call succeeded), so their
 * events can arrive here out of order, for example {@code HALF_OPEN -> CLOSED} just before
 * {@code OPEN -> HALF_OPEN}. Breakers start {@code CLOSED}, and this reporter sees each change,
 * so it holds back a change that does not start from the breaker's last reported state until the
 * missing one arrives, and publishes them as a chain.
 *
 * <p><b>Threading:</b> events arrive on the threads that changed the breakers; reporting is
 * synchronized, and publishing does not block.
 */
@Component
class BreakerReporter {

    /** A change held back longer than this many later ones is published anyway. */
    private static final int MAX_HELD_BACK = 100;

    private final MessageBus bus;

    private final Topics topics;

    private final WorkerProperties properties;

    private final Map<String, String> reportedStates = new HashMap<>();

    private final List<BreakerChange> heldBack = new ArrayList<>();

    BreakerReporter(MessageBus bus, Topics topics, WorkerProperties properties) {
        this.bus = bus;
        this.topics = topics;
        this.properties = properties;
    }

    @EventListener
    synchronized void onBreakerChange(CircuitBreakerStateChangedEvent event) {
        String agentId = properties.getId();
        heldBack.add(new BreakerChange(agentId, event.name(), event.from().name(), event.to().name(),
                Instant.ofEpochMilli(event.getTimestamp())));
        boolean published;
        do {
            published = false;
            for (Iterator<BreakerChange> changes = heldBack.iterator(); changes.hasNext();) {
                BreakerChange change = changes.next();
                if (change.from().equals(reportedStates.getOrDefault(change.breaker(), "CLOSED"))
                        || heldBack.size() > MAX_HELD_BACK) {
                    changes.remove();
                    reportedStates.put(change.breaker(), change.to());
                    bus.publish(topics.breaker(agentId), change);
                    published = true;
                }
            }
        }
        while (published && !heldBack.isEmpty());
    }
}
