package dev.amb.spi;

import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Where the bus publishes its figures. The bus keeps every count itself, in cheap
 * {@link java.util.concurrent.atomic.LongAdder}s (read through {@code dev.amb.core.BusCounters});
 * an implementation of this interface makes them visible to a metrics system: counters and
 * gauges are read from the bus when the metrics system collects, and only durations are pushed
 * (to a {@link Timing} the bus resolved once per subscription or request kind, so no tags are
 * built per message). AMB's implementation, {@code dev.amb.observability.MicrometerBusMetrics},
 * registers Micrometer meters.
 *
 * <p>The bus registers each meter once (a subscription's meters when the first subscription with
 * that id, pattern set and group opens); registering the same name and tags again is harmless.
 * Names and tags are listed in {@code dev.amb.core.AmbMetrics}.
 *
 * <p><b>Threading:</b> implementations must be thread safe; {@link Timing#record(long)} runs on
 * delivery threads and must be cheap; the suppliers given are called on the metrics system's
 * collecting thread and never block.
 *
 * @since 0.3.0
 */
public interface BusMetrics {

    /** Registers nothing and records nothing: the bus's own counts remain readable. */
    BusMetrics NONE = new BusMetrics() {

        @Override
        public void counter(String name, String description, Map<String, String> tags, LongSupplier total) {
        }

        @Override
        public void gauge(String name, String description, Map<String, String> tags, DoubleSupplier value) {
        }

        @Override
        public Timing timer(String name, String description, Map<String, String> tags) {
            return Timing.NONE;
        }
    };

    /**
     * Registers a monotonic counter whose running total the bus keeps.
     * @param name the meter name, e.g. {@code amb.received}
     * @param description one sentence for the metrics system
     * @param tags the tags, in a stable order
     * @param total reads the running total
     */
    void counter(String name, String description, Map<String, String> tags, LongSupplier total);

    /**
     * Registers a gauge; it returns {@link Double#NaN} while it has no value.
     * @param name the meter name
     * @param description one sentence for the metrics system
     * @param tags the tags, in a stable order
     * @param value reads the current value; must not block
     */
    void gauge(String name, String description, Map<String, String> tags, DoubleSupplier value);

    /**
     * Resolves a timer once, for recording on the hot path.
     * @param name the meter name
     * @param description one sentence for the metrics system
     * @param tags the tags, in a stable order
     * @return where durations go
     */
    Timing timer(String name, String description, Map<String, String> tags);

    /**
     * A resolved timer.
     *
     * @since 0.3.0
     */
    @FunctionalInterface
    interface Timing {

        /** Drops every duration. */
        Timing NONE = nanos -> {
        };

        /**
         * Records one duration.
         * @param nanos the duration in nanoseconds
         */
        void record(long nanos);
    }
}
