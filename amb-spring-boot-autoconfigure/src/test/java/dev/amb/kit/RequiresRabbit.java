package dev.amb.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the local RabbitMQ server on {@code 127.0.0.1:}{@value #PORT}
 * (user {@code guest}, password {@code guest}, virtual host {@code /}): a {@link RequiresBroker}
 * with the address and start command every RabbitMQ test class shares.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RequiresBroker(name = "RabbitMQ", port = RequiresRabbit.PORT, startCommand = RequiresRabbit.START_COMMAND)
public @interface RequiresRabbit {

    /** The port the local RabbitMQ server listens on. */
    int PORT = 5672;

    /** How to start the local RabbitMQ server on a development machine (Debian's rabbitmq-server package). */
    String START_COMMAND = "rabbitmq-server -detached";
}
