package dev.amb.serialization;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * A message payload with the types agents send (records, Java time, maps, lists, optionals, enums,
 * binary data, {@code null}s), written by one Jackson line and read by the other in
 * {@link JacksonLinesWireTests} and in the Spring Boot 4 compatibility module. Published in the
 * test-jar.
 *
 * @param task a task name
 * @param attempt a primitive
 * @param at an instant (ISO-8601 on the wire)
 * @param day a date
 * @param budget a duration
 * @param id a UUID
 * @param score a decimal
 * @param status an enum
 * @param labels a map with mixed values
 * @param steps nested records
 * @param note an optional
 * @param blob binary data (base64 on the wire)
 * @param missing always {@code null} here
 */
public record WirePayload(String task, int attempt, Instant at, LocalDate day, Duration budget, UUID id,
        BigDecimal score, Status status, Map<String, Object> labels, List<Step> steps, Optional<String> note,
        byte[] blob, String missing) {

    /** A status. */
    public enum Status {
        /** Waiting. */
        PENDING,
        /** Done. */
        DONE
    }

    /**
     * A nested record.
     * @param name its name
     * @param at when
     */
    public record Step(String name, Instant at) {
    }

    private static Map<String, Object> sampleLabels() {
        Map<String, Object> labels = new LinkedHashMap<>(); // in a fixed order, so the bytes are too
        labels.put("lang", "en");
        labels.put("pages", 12);
        return labels;
    }

    /** @return the payload every wire test writes */
    public static WirePayload sample() {
        return new WirePayload("summarize", 3, Instant.parse("2026-11-21T10:00:00.123456789Z"), LocalDate.of(2026, 11, 21),
                Duration.ofMillis(1500), UUID.fromString("0b6e4e7c-4e2a-4c1e-9a55-0f2f5d1d6a01"), new BigDecimal("0.875"),
                Status.DONE, sampleLabels(), List.of(new Step("fetch", Instant.parse("2026-11-21T09:59:59Z"))),
                Optional.of("urgent"), new byte[] { 0, 1, 2, (byte) 255 }, null);
    }
}
