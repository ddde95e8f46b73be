package dev.amb.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.SystemHealth;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.MessageBus;
import dev.amb.core.AmbMetrics;
import dev.amb.core.DefaultMessageBus;
import dev.amb.observability.MicrometerBusMetrics;
import dev.amb.spi.BusMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters, the health contributor and the endpoint as auto-configured, with and without Micrometer
 * and the actuator on the class path.
 */
class AmbObservabilityAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class, AmbEndpointAutoConfiguration.class,
                AmbHealthAutoConfiguration.class, MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, EndpointAutoConfiguration.class,
                HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class));

    @Test
    void registersTheBusMetersInTheApplicationsRegistry() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(MicrometerBusMetrics.class);
            MessageBus bus = context.getBean(MessageBus.class);
            bus.subscribe("hello", String.class, message -> {
            });
            bus.publish("hello", "world").join();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    registry.get(AmbMetrics.HANDLED).tags(AmbMetrics.TAG_PATTERN, "hello").functionCounter().count())
                .isEqualTo(1));
            assertThat(registry.get(AmbMetrics.PUBLISHED).functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void registersNoMetersWhenDisabled() {
        contextRunner.withPropertyValues("amb.metrics.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(BusMetrics.class).hasSingleBean(MessageBus.class);
            assertThat(context.getBean(MeterRegistry.class).find(AmbMetrics.PUBLISHED).meters()).isEmpty();
        });
    }

    @Test
    void registersNoMetersWithoutARegistry() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(BusMetrics.class).hasSingleBean(MessageBus.class));
    }

    @Test
    void startsWithoutMicrometerOrTheActuator() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class, AmbEndpointAutoConfiguration.class,
                    AmbHealthAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate"))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(MessageBus.class)
                .doesNotHaveBean(BusMetrics.class)
                .doesNotHaveBean(AmbHealthContributor.class)
                .doesNotHaveBean(AmbEndpoint.class));
    }

    @Test
    void endpointExistsOnlyWhenExposedAndHealthCanBeSwitchedOff() {
        contextRunner.run(context -> assertThat(context).hasSingleBean(AmbHealthContributor.class)
            .doesNotHaveBean(AmbEndpoint.class));
        contextRunner.withPropertyValues("management.health.amb.enabled=false",
                "management.endpoints.web.exposure.include=amb")
            .run(context -> assertThat(context).doesNotHaveBean(AmbHealthContributor.class).hasSingleBean(AmbEndpoint.class));
    }

    @Test
    void onSpringBoot35OnlyTheBoot35HealthContributorIsCreated() {
        contextRunner.withConfiguration(AutoConfigurations.of(AmbBoot4HealthAutoConfiguration.class))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(AmbHealthContributor.class)
                .doesNotHaveBean(AmbBoot4HealthAutoConfiguration.class));
    }

    @Test
    void endpointNeedsNoHealthType() {
        // as on Spring Boot 4, where health moved to spring-boot-health under other names
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class, AmbEndpointAutoConfiguration.class,
                    AmbHealthAutoConfiguration.class, EndpointAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.health",
                    "org.springframework.boot.actuate.autoconfigure.health"))
            .withPropertyValues("management.endpoints.web.exposure.include=amb")
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(AmbHealthContributor.class)
                .hasSingleBean(AmbEndpoint.class));
    }

    @Test
    void aSubscriptionWhoseHandlersMakeNoProgressIsDown() {
        contextRunner.withPropertyValues("amb.health.stall-timeout=1ms", "management.endpoint.health.show-details=always")
            .run(context -> {
                DefaultMessageBus bus = context.getBean(DefaultMessageBus.class);
                CountDownLatch release = new CountDownLatch(1);
                bus.subscribe(dev.amb.SubscriptionOptions.pattern("stuck").id("stuck"), String.class,
                        message -> release.await(10, TimeUnit.SECONDS));
                try {
                    bus.publish("stuck", "forever").join();
                    HealthEndpoint health = context.getBean(HealthEndpoint.class);
                    Awaitility.await().atMost(10, TimeUnit.SECONDS)
                        .untilAsserted(() -> assertThat(health.healthForPath("amb", "subscriptions", "stuck").getStatus())
                            .isEqualTo(Status.DOWN));
                    assertThat(health.healthForPath("amb", "broker").getStatus()).isEqualTo(Status.UP);
                    assertThat(health.healthForPath("amb", "subscriptions", "stuck")).extracting(this::reason)
                        .asString().startsWith("stuck: 1 handler(s) running");
                }
                finally {
                    release.countDown();
                }
            });
    }

    @Test
    void aSubscriptionWhoseConsumerDiedIsDownAndSoIsAClosedBus() {
        contextRunner.withPropertyValues("management.endpoint.health.show-details=always").run(context -> {
            DefaultMessageBus bus = context.getBean(DefaultMessageBus.class);
            bus.subscribe(dev.amb.SubscriptionOptions.pattern("orphan").id("orphan"), String.class, message -> {
            });
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            assertThat(health.healthForPath("amb").getStatus()).isEqualTo(Status.UP);

            bus.broker().close(); // the consumer goes away, nobody closed the subscription

            HealthComponent orphan = health.healthForPath("amb", "subscriptions", "orphan");
            assertThat(orphan.getStatus()).isEqualTo(Status.DOWN);
            assertThat(reason(orphan)).isEqualTo("the broker subscription stopped delivering although nobody closed it");
            bus.close();
            HealthComponent broker = health.healthForPath("amb", "broker");
            assertThat(broker.getStatus()).isEqualTo(Status.DOWN);
            assertThat(reason(broker)).isEqualTo("the message bus is closed");
            assertThat(health.health()).isInstanceOf(SystemHealth.class);
            assertThat(((CompositeHealth) health.healthForPath("amb")).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    private Object reason(HealthComponent component) {
        return ((org.springframework.boot.actuate.health.Health) component).getDetails().get("reason");
    }
}
