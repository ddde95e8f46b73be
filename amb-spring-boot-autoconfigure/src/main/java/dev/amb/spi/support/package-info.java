/**
 * Building blocks shared by broker adapters: the bounded per-subscription dispatcher and the
 * binary envelope codec. Part of the SPI: adapters outside AMB may use them.
 */
package dev.amb.spi.support;
