package dev.amb.samples.supervisor;

import java.time.Instant;

/**
 * A change in the roster.
 * @param kind what happened
 * @param worker the worker as the roster knew it then
 * @param time when the supervisor noticed
 * @since 0.1.0
 */
public record RosterChange(Kind kind, RosterEntry worker, Instant time) {

    /** What happened to a worker. */
    public enum Kind {
        /** Its first heartbeat arrived. */
        JOINED,
        /** It said goodbye (a {@code STOPPED} status). */
        LEFT,
        /** Its heartbeats stopped coming without a goodbye. */
        STALE,
        /** A heartbeat arrived again after it had gone stale. */
        RETURNED
    }
}
