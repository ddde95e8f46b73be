package dev.amb.spi.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Rfc3339Tests {

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-21T10:15:30Z", "2026-11-21T10:15:30.1Z", "2026-11-21T10:15:30.123Z",
        "2026-11-21T10:15:30.123456Z", "2026-11-21T10:15:30.123456789Z", "2024-02-29T23:59:59.999999999+01:00",
        "1970-01-01T00:00:00-05:30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.5+14:00",
        "2026-11-21T10:15:30+18:00", "2026-11-21T10:15:30-18:00" })
    void commonFormIsReadByHandExactlyAsOffsetDateTimeReadsIt(String text) {
        assertThat(Rfc3339.parseCommonForm(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
        assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-21t10:15:30z", "2026-11-21T10:15:30+01:00:00", "2026-11-21T10:15Z",
        "2026-11-21T10:15:30.Z" })
    void otherFormsGoToOffsetDateTime(String text) {
        assertThat(Rfc3339.parseCommonForm(text)).isNull();
        assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-02-30T10:15:30Z", "2026-11-21T24:00:00Z",
        "2026-11-21T10:15:30.1234567890Z", "2026-11-21T10:15:30", "yesterday", "2026-11-21 10:15:30Z",
        "2026-11-21T10:15:30+18:01", "2026-11-21T10:15:30-18:59" })
    void invalidTimesAreRejectedAsBefore(String text) {
        assertThat(Rfc3339.parseCommonForm(text)).isNull();
        assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Rfc3339.parse(text));
    }

    @Test
    void formatsExactlyAsInstantToStringDoes() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long seconds = (long) (random.nextDouble() * 4_102_444_800L); // 1970 to 2100
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(Rfc3339.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void instantsOutsideFourDigitYearsFallBackToInstantToString() {
        for (Instant instant : new Instant[] { Instant.ofEpochSecond(-1), Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999999Z") }) {
            assertThat(Rfc3339.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void whatItFormatsItParsesBack() {
        Instant now = Instant.now();
        assertThat(Rfc3339.parse(Rfc3339.format(now))).isEqualTo(now);
    }
}
