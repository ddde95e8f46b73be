package dev.amb.spi.support;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Parses and formats RFC 3339 timestamps (CloudEvents {@code time}). The form every CloudEvents producer
 * writes, {@code 2026-11-21T10:15:30.123456Z} or with a {@code +01:00} offset, is read by hand, many
 * times faster than {@link OffsetDateTime#parse(CharSequence)}, which mattered: it was the largest
 * single cost of decoding a structured event. Anything else goes to {@code OffsetDateTime.parse},
 * which accepts or rejects it exactly as before. Stateless and thread safe.
 *
 * @since 0.1.0
 */
public final class Rfc3339 {

    private static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000 };

    /** 9999-12-31T23:59:59Z: the last second {@link #format(Instant)} writes by hand. */
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /** The formatted {@code yyyy-MM-ddTHH:mm:ss} of the most recently formatted second. */
    private static volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, "");

    private Rfc3339() {
    }

    /**
     * Formats an instant exactly as {@link Instant#toString()} does (UTC, {@code Z}, the fraction
     * in groups of three digits with trailing zero groups left out), several times faster: the
     * date and time of day are formatted once per second and reused.
     * @param instant the instant
     * @return e.g. {@code 2026-11-21T10:15:30.123456Z}
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString();
        }
        SecondPrefix prefix = lastSecond;
        if (prefix.epochSecond != seconds) {
            prefix = new SecondPrefix(seconds, dateTime(seconds));
            lastSecond = prefix;
        }
        int nanos = instant.getNano();
        if (nanos == 0) {
            return prefix.text + 'Z';
        }
        StringBuilder out = new StringBuilder(prefix.text.length() + 11).append(prefix.text).append('.');
        if (nanos % 1_000_000 == 0) {
            pad(out, nanos / 1_000_000, 3);
        }
        else if (nanos % 1_000 == 0) {
            pad(out, nanos / 1_000, 6);
        }
        else {
            pad(out, nanos, 9);
        }
        return out.append('Z').toString();
    }

    private static String dateTime(long epochSecond) {
        long epochDay = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        StringBuilder out = new StringBuilder(19);
        pad(out, date.getYear(), 4);
        out.append('-');
        pad(out, date.getMonthValue(), 2);
        out.append('-');
        pad(out, date.getDayOfMonth(), 2);
        out.append('T');
        pad(out, secondOfDay / 3_600, 2);
        out.append(':');
        pad(out, secondOfDay / 60 % 60, 2);
        out.append(':');
        pad(out, secondOfDay % 60, 2);
        return out.toString();
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    private record SecondPrefix(long epochSecond, String text) {
    }

    /**
     * @param text an RFC 3339 date-time
     * @return the instant
     * @throws java.time.format.DateTimeParseException when it is not one
     */
    public static Instant parse(String text) {
        Instant common = parseCommonForm(text);
        return common != null ? common : OffsetDateTime.parse(text).toInstant();
    }

    /**
     * @return the instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)}, or {@code null}
     *         for any other text (including invalid dates, which the slow path then reports)
     */
    static Instant parseCommonForm(String s) {
        int length = s.length();
        if (length < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < length && isDigit(s.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(s, start, count) * POWERS_OF_TEN[9 - count];
        }
        Integer offset = offsetSeconds(s, i);
        if (offset == null) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        }
        catch (DateTimeException ex) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offset, nanos);
    }

    /** @return the zone offset starting at {@code i} that ends the text, or {@code null} */
    private static Integer offsetSeconds(String s, int i) {
        int length = s.length();
        if (i == length - 1 && s.charAt(i) == 'Z') {
            return 0;
        }
        if (i != length - 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
            return null;
        }
        int hours = digits(s, i + 1, 2);
        int minutes = digits(s, i + 4, 2);
        int seconds = hours * 3_600 + minutes * 60;
        if (hours < 0 || minutes < 0 || minutes > 59 || seconds > 18 * 3_600) {
            return null; // ZoneOffset's range is -18:00 to +18:00
        }
        return s.charAt(i) == '-' ? -seconds : seconds;
    }

    /** @return the number written by {@code count} ASCII digits at {@code from}, or -1 */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
