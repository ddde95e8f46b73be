package dev.amb.samples.worker;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void bindsTheWorkersSettings() {
        runner.withPropertyValues("worker.id=w-1", "worker.capabilities=stats", "worker.heartbeat-interval=2s",
                "worker.library.role=primary", "worker.vote.budget=7")
            .run(context -> {
                WorkerProperties properties = context.getBean(WorkerProperties.class);
                assertThat(properties.getId()).isEqualTo("w-1");
                assertThat(properties.getCapabilities()).containsExactly("stats");
                assertThat(properties.getHeartbeatInterval()).hasSeconds(2);
                assertThat(properties.getLibrary().getRole()).isEqualTo("primary");
                assertThat(properties.getVote().getBudget()).isEqualTo(7);
            });
    }

    @Test
    void rejectsAnUnknownLibraryRoleNamingTheProperty() {
        runner.withPropertyValues("worker.library.role=primry")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessage("worker.library.role must be primary or backup, was 'primry'"));
    }

    @Test
    void rejectsANonPositiveHeartbeatInterval() {
        runner.withPropertyValues("worker.heartbeat-interval=0s")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("worker.heartbeat-interval must be positive"));
    }

    @EnableConfigurationProperties(WorkerProperties.class)
    static class PropertiesConfiguration {
    }
}
