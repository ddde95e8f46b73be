package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.amb.spi.GroupKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Queue names within SQS's rules, and settings that fail naming the property.
 */
class SqsQueuesTests {

    private static final String LONG_PATTERN = "agents.very-long-segment-name.".repeat(6) + "#";

    @Test
    void groupQueueNamesFollowSqsRulesAndDifferPerPatternSet() {
        SqsQueues queues = new SqsQueues(null, settings("amb-production-abc", false));
        String one = queues.groupQueueName(GroupKey.of("billing", List.of(LONG_PATTERN)));
        String other = queues.groupQueueName(GroupKey.of("billing", List.of(LONG_PATTERN, "orders.*")));

        assertThat(one).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+").startsWith("amb-production-abc-g-billing");
        assertThat(other).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+").isNotEqualTo(one);
        assertThat(queues.groupQueueName(GroupKey.of("billing", List.of("orders.*", LONG_PATTERN)))).isEqualTo(other);
    }

    @Test
    void fifoQueueNamesEndInDotFifoWithinEightyCharacters() {
        SqsQueues queues = new SqsQueues(null, settings("a".repeat(SqsSettings.MAX_PREFIX), true));

        assertThat(queues.groupQueueName(GroupKey.of("g", List.of(LONG_PATTERN)))).hasSizeLessThanOrEqualTo(80)
            .endsWith(".fifo");
        assertThat(queues.broadcastQueueName("0123456789ab", 12345)).hasSizeLessThanOrEqualTo(80).endsWith(".fifo");
    }

    @Test
    void invalidSettingsNameTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings("has.dot", false))
            .withMessageContaining("amb.sqs.queue-prefix");
        assertThatIllegalArgumentException().isThrownBy(() -> new SqsSettings("amb", Duration.ofSeconds(30),
                Duration.ofSeconds(21), 10, false, false, false, 10, Duration.ofSeconds(5), Duration.ofMinutes(10),
                256 * 1024, Duration.ofSeconds(5))).withMessageContaining("amb.sqs.wait-time");
        assertThatIllegalArgumentException().isThrownBy(() -> new SqsSettings("amb", Duration.ofSeconds(30),
                Duration.ofSeconds(20), 11, false, false, false, 10, Duration.ofSeconds(5), Duration.ofMinutes(10),
                256 * 1024, Duration.ofSeconds(5))).withMessageContaining("amb.sqs.max-messages");
        assertThatIllegalArgumentException().isThrownBy(() -> new SqsSettings("amb", Duration.ofSeconds(30),
                Duration.ofSeconds(20), 10, false, false, false, 10, Duration.ofSeconds(5), Duration.ofMinutes(10),
                2 * 1024 * 1024, Duration.ofSeconds(5))).withMessageContaining("amb.sqs.max-message-size");
    }

    @Test
    void fifoIdsAreKeptWhenValidAndHashedOtherwise() {
        assertThat(SqsFifo.groupId("orders.created")).isEqualTo("orders.created");
        assertThat(SqsFifo.deduplicationId("id with spaces")).hasSize(64).matches("[0-9a-f]+");
        assertThat(SqsFifo.groupId("x".repeat(200))).hasSize(64);
    }

    private static SqsSettings settings(String prefix, boolean fifo) {
        return new SqsSettings(prefix, Duration.ofSeconds(30), Duration.ofSeconds(20), 10, fifo, false, false, 10,
                Duration.ofSeconds(5), Duration.ofMinutes(10), 256 * 1024, Duration.ofSeconds(5));
    }
}
