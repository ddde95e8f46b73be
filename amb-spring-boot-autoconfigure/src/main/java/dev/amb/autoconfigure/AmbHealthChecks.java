package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.amb.core.DefaultMessageBus;
import dev.amb.core.ManagedSubscription;

/**
 * What the {@code amb} health contributor reports, independent of Spring Boot's health types, so
 * that the Boot 3.5 contributor ({@link AmbHealthContributor}) and the Boot 4 one
 * ({@link AmbBoot4HealthContributor}) judge alike: {@code broker} is down when the bus is closed or
 * the broker client reports its connection unusable; a subscription is down when its consumer
 * stopped although nobody closed it, or when its running handlers made no progress for the stall
 * timeout.
 *
 * <p><b>Threading:</b> thread safe; every check reads state the bus keeps and never blocks.
 */
final class AmbHealthChecks {

    static final String BROKER = "broker";

    static final String SUBSCRIPTIONS = "subscriptions";

    private final DefaultMessageBus bus;

    private final Duration stallTimeout;

    /**
     * @param bus the bus to judge
     * @param stallTimeout how long running handlers may make no progress before their subscription is down
     */
    AmbHealthChecks(DefaultMessageBus bus, Duration stallTimeout) {
        this.bus = bus;
        this.stallTimeout = stallTimeout;
    }

    /** @return the open subscriptions, by id */
    List<ManagedSubscription> subscriptions() {
        return bus.managedSubscriptions();
    }

    /** @return the open subscription with this id, or {@code null} */
    ManagedSubscription subscription(String id) {
        return bus.managedSubscriptions().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /** @return the broker connection's verdict */
    Verdict broker() {
        String reason = bus.isClosed() ? "the message bus is closed" : bus.broker().connectionProblem();
        Map<String, Object> details = new LinkedHashMap<>();
        if (reason != null) {
            details.put("reason", reason);
        }
        details.put("broker", bus.broker().name());
        details.put("agentId", bus.agentId());
        return new Verdict(reason == null, details);
    }

    /** @return one subscription's verdict */
    Verdict subscription(ManagedSubscription subscription) {
        ManagedSubscription.State state = subscription.state();
        Map<String, Object> details = new LinkedHashMap<>();
        String reason = reason(subscription, state);
        if (reason != null) {
            details.put("reason", reason);
        }
        details.put("state", state.name());
        details.put("patterns", subscription.patterns());
        details.put("inFlight", subscription.inFlight());
        if (subscription.group() != null) {
            details.put("group", subscription.group());
        }
        subscription.queued().ifPresent(queued -> details.put("queued", queued));
        subscription.lag().ifPresent(lag -> details.put("lag", lag));
        if (subscription.circuitBreaker() != null) {
            details.put("circuitBreaker", subscription.circuitBreakerState());
        }
        return new Verdict(reason == null, details);
    }

    private String reason(ManagedSubscription subscription, ManagedSubscription.State state) {
        if (state == ManagedSubscription.State.FAILED) {
            return String.valueOf(subscription.failure());
        }
        Duration stalled = subscription.stalledFor();
        if (stalled.compareTo(stallTimeout) > 0) {
            return "stuck: " + subscription.inFlight() + " handler(s) running and none finished for "
                    + stalled.toSeconds() + " s (amb.health.stall-timeout=" + stallTimeout + ")";
        }
        return null;
    }

    /**
     * One verdict.
     * @param up whether the part works
     * @param details what the health endpoint shows, the reason first when it does not work
     */
    record Verdict(boolean up, Map<String, Object> details) {
    }
}
