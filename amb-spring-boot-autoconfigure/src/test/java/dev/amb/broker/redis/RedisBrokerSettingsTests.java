package dev.amb.broker.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisBrokerSettingsTests {

    @Test
    void defaultsArePubSubWithBoundedQueuesAndTrimmedStreams() {
        RedisBrokerSettings settings = RedisBrokerSettings.defaults();

        assertThat(settings.useStreams()).isFalse();
        assertThat(settings.streamMaxLen()).isEqualTo(100_000);
        assertThat(settings.keyPrefix()).isEqualTo("amb:");
        assertThat(settings.consumerGroup()).isEqualTo("amb");
        assertThat(settings.poolSize()).isEqualTo(1);
        assertThat(settings.discoveryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.claimIdleTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.queueCapacity()).isEqualTo(10_000);
        assertThat(settings.prefetch()).isEqualTo(256);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        RedisBrokerSettings settings = RedisBrokerSettings.builder().useStreams(true).streamMaxLen(5).keyPrefix("x:")
            .consumerGroup("g").poolSize(3).commandTimeout(Duration.ofSeconds(2)).discoveryInterval(Duration.ofMillis(50))
            .claimIdleTime(Duration.ofSeconds(9)).groupClaimTtl(Duration.ofSeconds(8)).queueCapacity(7).prefetch(6)
            .shutdownGrace(Duration.ZERO).build();

        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }

    @Test
    void invalidValuesAreRejectedNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisBrokerSettings.builder().poolSize(0).build())
            .withMessageContaining("amb.redis.pool-size").withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> RedisBrokerSettings.builder().streamMaxLen(-1).build())
            .withMessageContaining("amb.redis.stream-max-len");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> RedisBrokerSettings.builder().claimIdleTime(Duration.ZERO).build())
            .withMessageContaining("amb.redis.claim-idle-time");
        assertThatIllegalArgumentException().isThrownBy(() -> RedisBrokerSettings.builder().consumerGroup(" ").build())
            .withMessageContaining("amb.redis.consumer-group");
        assertThatIllegalArgumentException().isThrownBy(() -> RedisBrokerSettings.builder().prefetch(0).build())
            .withMessageContaining("amb.redis.prefetch");
    }
}
