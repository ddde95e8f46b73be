package dev.amb.observability;

import dev.amb.spi.Envelope;

/**
 * Where a message's trace context is read: its headers first (the per-hop context the last sender
 * wrote), then its CloudEvents extensions of the same name (the distributed-tracing extension,
 * which a plain CloudEvents producer may set alone).
 */
final class TraceHeaders {

    private TraceHeaders() {
    }

    static String get(Envelope envelope, String key) {
        String value = envelope.headers().get(key);
        return value != null ? value : envelope.extension(key);
    }
}
