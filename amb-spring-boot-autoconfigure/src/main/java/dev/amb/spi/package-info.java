/**
 * The broker SPI: what a broker adapter implements ({@link dev.amb.spi.Broker}) and what it moves
 * ({@link dev.amb.spi.Envelope}, {@link dev.amb.spi.Delivery}), plus the payload serializer
 * contract ({@link dev.amb.spi.MessageSerializer}). Depends only on the public API.
 */
package dev.amb.spi;
