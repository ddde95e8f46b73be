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
 * The {@code amb} health contributor on Spring Boot 3.5's actuator: {@code broker} (DOWN when the
 * bus is closed or the broker client reports its connection unusable) and {@code subscriptions},
 * one indicator per open subscription (DOWN when its consumer stopped although nobody closed it,
 * or when its running handlers made no progress for {@code amb.health.stall-timeout}), each with
 * the reason. Include it in a health group, e.g.
 * {@code management.endpoint.health.group.readiness.include=readinessState,amb}. The judgement is
 * {@link AmbHealthChecks}', shared with the Boot 4 contributor.
 *
 * <p><b>Threading:</b> thread safe; every check reads state the bus keeps and never blocks.
 *
 * @since 0.3.0
 */
public class AmbHealthContributor implements CompositeHealthContributor {

    private final AmbHealthChecks checks;

    /**
     * @param bus the bus to judge
     * @param stallTimeout how long running handlers may make no progress before their subscription is DOWN
     */
    public AmbHealthContributor(DefaultMessageBus bus, Duration stallTimeout) {
        this.checks = new AmbHealthChecks(bus, stallTimeout);
    }

    @Override
    public HealthContributor getContributor(String name) {
        if (AmbHealthChecks.BROKER.equals(name)) {
            return (HealthIndicator) () -> health(checks.broker());
        }
        if (AmbHealthChecks.SUBSCRIPTIONS.equals(name) && !checks.subscriptions().isEmpty()) {
            return new Subscriptions();
        }
        return null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> contributors = new ArrayList<>(2);
        contributors.add(NamedContributor.of(AmbHealthChecks.BROKER, getContributor(AmbHealthChecks.BROKER)));
        HealthContributor subscriptions = getContributor(AmbHealthChecks.SUBSCRIPTIONS);
        if (subscriptions != null) {
            contributors.add(NamedContributor.of(AmbHealthChecks.SUBSCRIPTIONS, subscriptions));
        }
        return contributors.iterator();
    }

    private static Health health(AmbHealthChecks.Verdict verdict) {
        return (verdict.up() ? Health.up() : Health.down()).withDetails(verdict.details()).build();
    }

    private HealthIndicator indicator(ManagedSubscription subscription) {
        return () -> health(checks.subscription(subscription));
    }

    /** One indicator per open subscription, by id; the set follows the bus. */
    private final class Subscriptions implements CompositeHealthContributor {

        @Override
        public HealthContributor getContributor(String name) {
            ManagedSubscription subscription = checks.subscription(name);
            return subscription == null ? null : indicator(subscription);
        }

        @Override
        public Iterator<NamedContributor<HealthContributor>> iterator() {
            return checks.subscriptions().stream()
                .map(subscription -> NamedContributor.<HealthContributor>of(subscription.id(), indicator(subscription)))
                .iterator();
        }
    }
}
