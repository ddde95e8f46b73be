/**
 * Payload serializers: JSON (the application's Jackson {@code ObjectMapper}), MessagePack and
 * Protobuf, each one {@link dev.amb.spi.MessageSerializer}.
 */
package dev.amb.serialization;
