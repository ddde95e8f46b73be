package dev.amb.spi.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReadAheadPaceTests {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @Test
    void beforeTheFirstSettlementTwoPerHandler() {
        assertThat(new ReadAheadPace(3, 1000, DEADLINE, true).readAhead()).isEqualTo(6);
    }

    @Test
    void slowHandlersHoldWhatTheyWorkOffInHalfTheDeadline() {
        ReadAheadPace pace = new ReadAheadPace(1, 1000, DEADLINE, true);
        pace.handled(Duration.ofMillis(100).toNanos());
        assertThat(pace.readAhead()).isEqualTo(10); // 1 s / 100 ms
        ReadAheadPace two = new ReadAheadPace(2, 1000, DEADLINE, true);
        two.handled(Duration.ofMillis(100).toNanos());
        assertThat(two.readAhead()).isEqualTo(20);
    }

    @Test
    void fastHandlersReadAheadUpToTheMaximum() {
        ReadAheadPace pace = new ReadAheadPace(1, 1000, DEADLINE, true);
        pace.handled(Duration.ofMillis(100).toNanos());
        for (int i = 0; i < 200; i++) {
            pace.handled(10_000);
        }
        assertThat(pace.readAhead()).isEqualTo(1000);
    }

    @Test
    void neverBelowTheConcurrency() {
        ReadAheadPace pace = new ReadAheadPace(4, 1000, DEADLINE, true);
        pace.handled(Duration.ofMinutes(1).toNanos());
        assertThat(pace.readAhead()).isEqualTo(4);
        assertThat(new ReadAheadPace(8, 4, DEADLINE, true).readAhead()).as("concurrency above max").isEqualTo(8);
    }

    @Test
    void theAverageMovesAnEighthTowardsEachSample() {
        ReadAheadPace pace = new ReadAheadPace(1, 1000, DEADLINE, true);
        pace.handled(800);
        pace.handled(1600);
        assertThat(pace.averageHandlingNanos()).isEqualTo(900);
        pace.handled(-1); // never handed to a handler
        assertThat(pace.averageHandlingNanos()).isEqualTo(900);
    }

    @Test
    void unpacedAlwaysAllowsTheMaximum() {
        ReadAheadPace pace = new ReadAheadPace(1, 250, DEADLINE, false);
        pace.handled(Duration.ofSeconds(5).toNanos());
        assertThat(pace.readAhead()).isEqualTo(250);
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReadAheadPace(0, 10, DEADLINE, true))
            .withMessageContaining("concurrency");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReadAheadPace(1, 10, Duration.ZERO, true))
            .withMessageContaining("deadline");
    }
}
