/**
 * Micrometer support for the bus, on Micrometer APIs only (health contributors and the actuator
 * endpoint live in {@code dev.amb.autoconfigure}). Observations and trace propagation on the wire:
 * {@link dev.amb.observability.ObservationBusObserver} implements the bus's
 * {@link dev.amb.spi.BusObserver} with the Observation API only (no tracer-specific code), so that
 * the application's tracer sees every publish, handler invocation, request and reply; the W3C trace
 * context travels in each message's headers (per hop) and in the CloudEvents distributed-tracing
 * extension (the trace the message started). Meters: {@link dev.amb.observability.MicrometerBusMetrics}
 * registers the bus's counts, timers and gauges. Depends on the API and the SPI.
 */
package dev.amb.observability;
