package dev.amb.broker.nats;

import io.nats.client.support.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NatsErrorLoggerTests {

    @Test
    void recognisesTheConsumerDeletedStatusAClosingSubscriptionCauses() {
        assertThat(NatsErrorLogger.isConsumerDeleted(new Status(409, "Consumer Deleted"))).isTrue();
        assertThat(NatsErrorLogger.isConsumerDeleted(new Status(409, "Exceeded MaxRequestBatch of 100"))).isFalse();
        assertThat(NatsErrorLogger.isConsumerDeleted(new Status(503, "No Responders"))).isFalse();
    }

    @Test
    void recognisesTheEndOfAnExpiredPullRequest() {
        assertThat(NatsErrorLogger.isPullExpired(new Status(408, "Request Timeout"))).isTrue();
        assertThat(NatsErrorLogger.isPullExpired(new Status(409, "Exceeded MaxWaiting"))).isFalse();
    }
}
