package dev.amb;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageFilterTests {

    record Job(String kind, int priority, boolean urgent) {
    }

    public static class Bean {

        private final String kind;

        public Bean(String kind) {
            this.kind = kind;
        }

        public String getKind() {
            return kind;
        }

        public boolean isActive() {
            return true;
        }
    }

    @Test
    void headerFilterAcceptsOnlyTheGivenValue() {
        MessageFilter filter = MessageFilter.header("priority", "high");

        assertThat(filter.test(message(null, Map.of("priority", "high")))).isTrue();
        assertThat(filter.test(message(null, Map.of("priority", "low")))).isFalse();
        assertThat(filter.test(message(null, Map.of()))).isFalse();
    }

    @Test
    void headersFilterNeedsEveryHeader() {
        MessageFilter filter = MessageFilter.headers(Map.of("a", "1", "b", "2"));

        assertThat(filter.test(message(null, Map.of("a", "1", "b", "2", "c", "3")))).isTrue();
        assertThat(filter.test(message(null, Map.of("a", "1")))).isFalse();
    }

    @Test
    void dataMatchesReadsMapsRecordsAndBeans() {
        assertThat(MessageFilter.dataMatches(Map.of("kind", "alert")).test(message(Map.of("kind", "alert"), Map.of())))
            .isTrue();
        assertThat(MessageFilter.dataMatches(Map.of("kind", "alert", "priority", 3))
            .test(message(new Job("alert", 3, true), Map.of()))).isTrue();
        assertThat(MessageFilter.dataMatches(Map.of("kind", "x", "active", true)).test(message(new Bean("x"), Map.of())))
            .isTrue();
        assertThat(MessageFilter.dataMatches(Map.of("kind", "alert")).test(message(new Job("info", 3, true), Map.of())))
            .isFalse();
    }

    @Test
    void dataMatchesComparesNumbersByValueAndRejectsMissingData() {
        MessageFilter filter = MessageFilter.dataMatches(Map.of("priority", 3L));

        assertThat(filter.test(message(Map.of("priority", 3), Map.of()))).isTrue();
        assertThat(filter.test(message(Map.of("priority", 3.0), Map.of()))).isTrue();
        assertThat(filter.test(message(Map.of("priority", 4), Map.of()))).isFalse();
        assertThat(filter.test(message(Map.of(), Map.of()))).isFalse();
        assertThat(filter.test(message(null, Map.of()))).isFalse();
        assertThat(filter.test(message(new Job("a", 3, false), Map.of()))).isTrue();
    }

    @Test
    void filtersComposeWithAndOrNegate() {
        MessageFilter high = MessageFilter.header("priority", "high");
        MessageFilter alert = MessageFilter.header("kind", "alert");
        Message<Object> highAlert = message(null, Map.of("priority", "high", "kind", "alert"));
        Message<Object> lowAlert = message(null, Map.of("priority", "low", "kind", "alert"));

        assertThat(high.and(alert).test(highAlert)).isTrue();
        assertThat(high.and(alert).test(lowAlert)).isFalse();
        assertThat(high.or(alert).test(lowAlert)).isTrue();
        assertThat(high.negate().test(lowAlert)).isTrue();
        assertThat(MessageFilter.of(m -> m.topic().startsWith("agents")).test(highAlert)).isTrue();
    }

    private static Message<Object> message(Object data, Map<String, String> headers) {
        return new Message<>() {
            @Override
            public String id() {
                return "id";
            }

            @Override
            public String topic() {
                return "agents.test";
            }

            @Override
            public Object data() {
                return data;
            }

            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public Instant timestamp() {
                return Instant.EPOCH;
            }

            @Override
            public String sender() {
                return "sender";
            }

            @Override
            public String correlationId() {
                return null;
            }

            @Override
            public String replyTo() {
                return null;
            }

            @Override
            public int deliveryAttempt() {
                return 1;
            }

            @Override
            public void ack() {
            }

            @Override
            public void reject(boolean requeue, Duration delay) {
            }

            @Override
            public void deadLetter(String reason) {
            }
        };
    }
}
