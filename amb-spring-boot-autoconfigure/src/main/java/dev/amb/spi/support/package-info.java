/**
 * Building blocks shared by broker adapters: the bounded per-subscription dispatcher, group
 * membership and local redelivery for brokers that keep nothing, the read-ahead pace of durable
 * subscriptions ({@link dev.amb.spi.support.ReadAheadPace}), the adapters' threads, and the
 * binary, structured and RFC 3339 codecs. Part of the SPI: adapters outside AMB may use them.
 */
package dev.amb.spi.support;
