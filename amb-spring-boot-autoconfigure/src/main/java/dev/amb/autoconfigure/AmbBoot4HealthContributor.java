package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.amb.core.DefaultMessageBus;
import dev.amb.core.ManagedSubscription;

/**
 * The {@code amb} health contributor on Spring Boot 4's actuator ({@code spring-boot-health}):
 * the same parts and verdicts as {@link AmbHealthContributor} on Boot 3.5, from the same
 * {@link AmbHealthChecks}. Only {@link AmbBoot4HealthAutoConfiguration} creates it, when Boot 4's
 * health types are on the class path.
 *
 * <p><b>Threading:</b> thread safe; every check reads state the bus keeps and never blocks.
 *
 * @since 0.3.0
 */
public class AmbBoot4HealthContributor implements CompositeHealthContributor {

    private final AmbHealthChecks checks;

    /**
     * @param bus the bus to judge
     * @param stallTimeout how long running handlers may make no progress before their subscription is DOWN
     */
    public AmbBoot4HealthContributor(DefaultMessageBus bus, Duration stallTimeout) {
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
    public Stream<HealthContributors.Entry> stream() {
        List<HealthContributors.Entry> entries = new ArrayList<>(2);
        entries.add(new HealthContributors.Entry(AmbHealthChecks.BROKER, getContributor(AmbHealthChecks.BROKER)));
        HealthContributor subscriptions = getContributor(AmbHealthChecks.SUBSCRIPTIONS);
        if (subscriptions != null) {
            entries.add(new HealthContributors.Entry(AmbHealthChecks.SUBSCRIPTIONS, subscriptions));
        }
        return entries.stream();
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
        public Stream<HealthContributors.Entry> stream() {
            return checks.subscriptions().stream()
                .map(subscription -> new HealthContributors.Entry(subscription.id(), indicator(subscription)));
        }
    }
}
