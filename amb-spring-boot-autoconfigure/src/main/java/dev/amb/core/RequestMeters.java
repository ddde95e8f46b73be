package dev.amb.core;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import dev.amb.RequestTimeoutException;
import dev.amb.spi.BusMetrics;

/**
 * The requester's meters: a timer per request kind and outcome, resolved once when the bus is
 * built, the timeouts counter per kind (kept in {@link BusCounters}) and the pending
 * requests gauge. Thread safe.
 */
final class RequestMeters {

    /** The request flavours, as tag values. */
    enum Kind {
        REQUEST, SCATTER, FIRST;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind of(PendingReplies<?> request) {
            return request instanceof PendingReplies.Scatter<?> ? SCATTER
                    : request instanceof PendingReplies.First<?> ? FIRST : REQUEST;
        }
    }

    private final Map<Kind, BusMetrics.Timing[]> timings = new EnumMap<>(Kind.class);

    private final BusCounters counters;

    RequestMeters(String broker, BusMetrics metrics, BusCounters counters, IntSupplier pending) {
        this.counters = counters;
        for (Kind kind : Kind.values()) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(AmbMetrics.TAG_BROKER, broker);
            tags.put(AmbMetrics.TAG_KIND, kind.tag());
            BusMetrics.Timing[] byOutcome = new BusMetrics.Timing[3];
            String[] outcomes = { "success", "timeout", "error" };
            for (int i = 0; i < outcomes.length; i++) {
                byOutcome[i] = metrics.timer(AmbMetrics.REQUEST_DURATION, "Requests from sending to completion",
                        SubscriptionCounters.with(tags, AmbMetrics.TAG_OUTCOME, outcomes[i]));
            }
            timings.put(kind, byOutcome);
            LongAdder adder = counters.requestTimeouts[kind.ordinal()];
            metrics.counter(AmbMetrics.REQUEST_TIMEOUTS, "Requests that timed out", tags, adder::sum);
        }
        metrics.gauge(AmbMetrics.REQUESTS_PENDING, "Requests waiting for replies", Map.of(AmbMetrics.TAG_BROKER, broker),
                pending::getAsInt);
    }

    /** Records the request's duration and outcome when its future completes. */
    void track(PendingReplies<?> request, CompletableFuture<?> future) {
        Kind kind = Kind.of(request);
        long start = System.nanoTime();
        future.whenComplete((result, error) -> {
            long elapsed = System.nanoTime() - start;
            int outcome;
            if (error == null) {
                outcome = 0;
            }
            else if (ReplySender.unwrap(error) instanceof RequestTimeoutException) {
                outcome = 1;
                counters.requestTimeouts[kind.ordinal()].increment();
            }
            else {
                outcome = 2;
            }
            timings.get(kind)[outcome].record(elapsed);
        });
    }
}
