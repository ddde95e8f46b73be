package dev.amb.samples.supervisor;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisorPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void bindsTheSupervisorsSettings() {
        runner.withPropertyValues("supervisor.roster.stale-after=3s", "supervisor.vote.quorum=3",
                "supervisor.round.expected-workers=4", "supervisor.keep-running=true")
            .run(context -> {
                SupervisorProperties properties = context.getBean(SupervisorProperties.class);
                assertThat(properties.getRoster().getStaleAfter()).hasSeconds(3);
                assertThat(properties.getVote().getQuorum()).isEqualTo(3);
                assertThat(properties.getRound().getExpectedWorkers()).isEqualTo(4);
                assertThat(properties.isKeepRunning()).isTrue();
            });
    }

    @Test
    void rejectsAChunkOfNoSentencesNamingTheProperty() {
        runner.withPropertyValues("supervisor.job.chunk-sentences=0")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessage("supervisor.job.chunk-sentences must be 1 or more, was 0"));
    }

    @Test
    void rejectsAQuorumOfNobody() {
        runner.withPropertyValues("supervisor.vote.quorum=0")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessage("supervisor.vote.quorum must be 1 or more, was 0"));
    }

    @EnableConfigurationProperties(SupervisorProperties.class)
    static class PropertiesConfiguration {
    }
}
