package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

import dev.amb.core.DefaultMessageBus;
import dev.amb.core.ManagedSubscription;

/**
 * The {@code amb} health contributor: {@code broker} (DOWN when the bus is closed or the broker
 * client reports its connection unusable) and {@code subscriptions}, one indicator per open
 * subscription (DOWN when its consumer stopped although nobody closed it, or when its running
 * handlers made no progress for {@code amb.health.stall-timeout}), each with the reason. Include
 * it in a health group, e.g. {@code management.endpoint.health.group.readiness.include=readinessState,amb}.
 *
 * <p><b>Threading:</b> thread safe; every check reads state the bus keeps and never blocks.
 *
 * @since 0.3.0
 */
public class AmbHealthContributor implements CompositeHealthContributor {

    private static final String BROKER = "broker";

    private static final String SUBSCRIPTIONS = "subscriptions";

    private final DefaultMessageBus bus;

    private final Duration stallTimeout;

    /**
     * @param bus the bus to judge
     * @param stallTimeout how long running handlers may make no progress before their subscription is DOWN
     */
    public AmbHealthContributor(DefaultMessageBus bus, Duration stallTimeout) {
        this.bus = bus;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public HealthContributor getContributor(String name) {
        if (BROKER.equals(name)) {
            return (HealthIndicator) this::broker;
        }
        if (SUBSCRIPTIONS.equals(name) && !bus.managedSubscriptions().isEmpty()) {
            return new Subscriptions();
        }
        return null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> contributors = new ArrayList<>(2);
        contributors.add(NamedContributor.of(BROKER, getContributor(BROKER)));
        HealthContributor subscriptions = getContributor(SUBSCRIPTIONS);
        if (subscriptions != null) {
            contributors.add(NamedContributor.of(SUBSCRIPTIONS, subscriptions));
        }
        return contributors.iterator();
    }

    private Health broker() {
        Health.Builder health = Health.up();
        if (bus.isClosed()) {
            health = Health.down().withDetail("reason", "the message bus is closed");
        }
        else {
            String problem = bus.broker().connectionProblem();
            if (problem != null) {
                health = Health.down().withDetail("reason", problem);
            }
        }
        return health.withDetail("broker", bus.broker().name()).withDetail("agentId", bus.agentId()).build();
    }

    /** Judges one subscription. */
    Health subscription(ManagedSubscription subscription) {
        ManagedSubscription.State state = subscription.state();
        Health.Builder health = status(subscription, state);
        health.withDetail("state", state.name())
            .withDetail("patterns", subscription.patterns())
            .withDetail("inFlight", subscription.inFlight());
        if (subscription.group() != null) {
            health.withDetail("group", subscription.group());
        }
        subscription.queued().ifPresent(queued -> health.withDetail("queued", queued));
        subscription.lag().ifPresent(lag -> health.withDetail("lag", lag));
        if (subscription.circuitBreaker() != null) {
            health.withDetail("circuitBreaker", subscription.circuitBreakerState());
        }
        return health.build();
    }

    private Health.Builder status(ManagedSubscription subscription, ManagedSubscription.State state) {
        if (state == ManagedSubscription.State.FAILED) {
            return Health.down().withDetail("reason", subscription.failure());
        }
        Duration stalled = subscription.stalledFor();
        if (stalled.compareTo(stallTimeout) > 0) {
            return Health.down().withDetail("reason", "stuck: " + subscription.inFlight()
                    + " handler(s) running and none finished for " + stalled.toSeconds()
                    + " s (amb.health.stall-timeout=" + stallTimeout + ")");
        }
        return Health.up();
    }

    /** One indicator per open subscription, by id; the set follows the bus. */
    private final class Subscriptions implements CompositeHealthContributor {

        @Override
        public HealthContributor getContributor(String name) {
            return bus.managedSubscriptions().stream()
                .filter(subscription -> subscription.id().equals(name))
                .findFirst()
                .<HealthContributor>map(subscription -> (HealthIndicator) () -> subscription(subscription))
                .orElse(null);
        }

        @Override
        public Iterator<NamedContributor<HealthContributor>> iterator() {
            return bus.managedSubscriptions().stream()
                .map(subscription -> NamedContributor.<HealthContributor>of(subscription.id(),
                        (HealthIndicator) () -> subscription(subscription)))
                .iterator();
        }
    }
}
