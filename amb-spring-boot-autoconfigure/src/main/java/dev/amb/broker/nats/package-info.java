/**
 * The NATS broker adapters: {@link dev.amb.broker.nats.NatsBroker} for core NATS (at-most-once,
 * native request/reply) and {@link dev.amb.broker.nats.NatsJetStreamBroker} for JetStream
 * (durable, at-least-once). Both share the package-private subject translation, CloudEvents header
 * mapping and subscription machinery. Depends only on the SPI, the topic package and jnats.
 */
package dev.amb.broker.nats;
