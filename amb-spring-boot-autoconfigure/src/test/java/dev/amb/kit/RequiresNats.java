package dev.amb.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the local NATS server on {@code 127.0.0.1:}{@value #PORT} for core
 * NATS only: a {@link RequiresBroker} with the address and start command every NATS test class
 * shares. Classes that also need JetStream use {@link RequiresNatsJetStream}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RequiresBroker(name = "NATS", port = RequiresNats.PORT, startCommand = RequiresNats.START_COMMAND)
public @interface RequiresNats {

    /** The port the local NATS server listens on. */
    int PORT = 4222;

    /** How to start the local NATS server on a development machine (with JetStream, which some classes need). */
    String START_COMMAND = "nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server";
}
