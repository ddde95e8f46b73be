package dev.amb.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the local Redis server on {@code 127.0.0.1:}{@value #PORT}: a
 * {@link RequiresBroker} with the address and start command every Redis test class shares.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RequiresBroker(name = "Redis", port = RequiresRedis.PORT, startCommand = RequiresRedis.START_COMMAND)
public @interface RequiresRedis {

    /** The port the local Redis server listens on. */
    int PORT = 6379;

    /** How to start the local Redis server on a development machine. */
    String START_COMMAND = "redis-server --daemonize yes --port 6379";
}
