/**
 * The in-memory broker: the default when {@code amb.broker} is unset, for tests and single-JVM
 * agent systems. It stores envelopes only in their binary form, so serialization bugs surface in
 * tests exactly as they would on a network broker.
 */
package dev.amb.broker.memory;
