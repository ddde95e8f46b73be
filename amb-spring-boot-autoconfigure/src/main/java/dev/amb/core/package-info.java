/**
 * The bus: {@link dev.amb.core.DefaultMessageBus} and its pipeline (validation, serialization,
 * envelopes, dispatch, filters, failure handling, request/reply correlation). The same for every
 * broker.
 */
package dev.amb.core;
