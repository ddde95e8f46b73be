/**
 * The Redis broker on Lettuce: pub/sub (at-most-once) or Streams (at-least-once), chosen by
 * {@code amb.redis.use-streams}. {@link dev.amb.broker.redis.RedisBroker} is the adapter,
 * {@link dev.amb.broker.redis.RedisConnector} says where its connections come from and
 * {@link dev.amb.broker.redis.RedisBrokerSettings} holds the rest; everything else is
 * package-private.
 */
package dev.amb.broker.redis;
