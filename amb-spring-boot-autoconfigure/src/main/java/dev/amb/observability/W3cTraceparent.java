package dev.amb.observability;

/**
 * A parsed W3C {@code traceparent} ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>},
 * W3C Trace Context §3.2); later versions are read by the same fields, as the specification says.
 *
 * @param traceId the trace id, 32 lower-case hex characters
 * @param spanId the parent (span) id, 16 lower-case hex characters
 * @param sampled whether the sampled flag is set
 */
record W3cTraceparent(String traceId, String spanId, boolean sampled) {

    private static final String INVALID_TRACE_ID = "00000000000000000000000000000000";

    private static final String INVALID_SPAN_ID = "0000000000000000";

    /** @return the parsed value, or {@code null} when {@code value} is no valid {@code traceparent} */
    static W3cTraceparent parse(String value) {
        if (value == null || value.length() < 55) {
            return null;
        }
        String[] parts = value.trim().split("-");
        if (parts.length < 4 || parts[0].length() != 2 || "ff".equals(parts[0]) || parts[1].length() != 32
                || parts[2].length() != 16 || parts[3].length() != 2 || !(parts[0] + parts[1] + parts[2] + parts[3])
                    .chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        if (INVALID_TRACE_ID.equals(parts[1]) || INVALID_SPAN_ID.equals(parts[2])) {
            return null;
        }
        return new W3cTraceparent(parts[1], parts[2], (Integer.parseInt(parts[3], 16) & 1) == 1);
    }
}
