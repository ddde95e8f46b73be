package dev.amb;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SubscriptionOptionsTests {

    @Test
    void startsFromSensibleDefaults() {
        SubscriptionOptions options = SubscriptionOptions.pattern("agents.tasks");

        assertThat(options.pattern()).isEqualTo("agents.tasks");
        assertThat(options.group()).isNull();
        assertThat(options.ackMode()).isEqualTo(AckMode.AUTO);
        assertThat(options.retries()).isEmpty();
        assertThat(options.retryDelay()).isEmpty();
        assertThat(options.filter()).isNull();
        assertThat(options.concurrency()).isEqualTo(1);
        assertThat(options.batchSize()).isEqualTo(SubscriptionOptions.DEFAULT_BATCH_SIZE);
        assertThat(options.circuitBreaker()).isNull();
        assertThat(options.id()).isNull();
    }

    @Test
    void everyFluentMethodReturnsANewValueAndLeavesTheOriginalUnchanged() {
        SubscriptionOptions base = SubscriptionOptions.pattern("agents.tasks");
        MessageFilter filter = MessageFilter.header("priority", "high");

        SubscriptionOptions full = base.group("workers")
            .ackMode(AckMode.MANUAL)
            .retries(5)
            .retryDelay(Duration.ofSeconds(2))
            .filter(filter)
            .concurrency(4)
            .batchSize(50)
            .batchTimeout(Duration.ofMillis(300))
            .circuitBreaker("external-api")
            .id("task-listener");

        assertThat(base.group()).isNull();
        assertThat(base.ackMode()).isEqualTo(AckMode.AUTO);
        assertThat(full.group()).isEqualTo("workers");
        assertThat(full.ackMode()).isEqualTo(AckMode.MANUAL);
        assertThat(full.retries()).hasValue(5);
        assertThat(full.retryDelay()).hasValue(Duration.ofSeconds(2));
        assertThat(full.filter()).isSameAs(filter);
        assertThat(full.concurrency()).isEqualTo(4);
        assertThat(full.batchSize()).isEqualTo(50);
        assertThat(full.batchTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(full.circuitBreaker()).isEqualTo("external-api");
        assertThat(full.id()).isEqualTo("task-listener");
    }

    @Test
    void rejectsOutOfRangeValuesNamingThem() {
        SubscriptionOptions options = SubscriptionOptions.pattern("a");
        assertThatIllegalArgumentException().isThrownBy(() -> options.retries(-1)).withMessageContaining("retries");
        assertThatIllegalArgumentException().isThrownBy(() -> options.concurrency(0)).withMessageContaining("concurrency");
        assertThatIllegalArgumentException().isThrownBy(() -> options.batchSize(0)).withMessageContaining("batchSize");
        assertThatIllegalArgumentException().isThrownBy(() -> options.retryDelay(Duration.ofSeconds(-1)))
            .withMessageContaining("retryDelay");
        assertThatIllegalArgumentException().isThrownBy(() -> options.batchTimeout(Duration.ZERO))
            .withMessageContaining("batchTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> options.group(" ")).withMessageContaining("group");
    }

    @Test
    void nullGroupMeansBroadcastAndBlankNamesMeanUnset() {
        SubscriptionOptions options = SubscriptionOptions.pattern("a").group("g").group(null).circuitBreaker(" ").id("");

        assertThat(options.group()).isNull();
        assertThat(options.circuitBreaker()).isNull();
        assertThat(options.id()).isNull();
    }
}
