/**
 * Payload serializers: JSON (the application's Jackson mapper, Jackson 3 or Jackson 2),
 * MessagePack (Jackson 2, as {@code jackson-dataformat-msgpack} supports only Jackson 2) and
 * Protobuf, each one {@link dev.amb.spi.MessageSerializer}.
 */
package dev.amb.serialization;
