package dev.amb.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs an external broker server. When the server is unreachable the
 * class is skipped with a message naming the server and the command that starts it, unless the
 * environment variable {@code AMB_REQUIRE_BROKERS} is {@code true} (as {@code .ci/run} sets it),
 * in which case the class fails: CI never passes by skipping.
 *
 * <p>It also works as a meta-annotation: this repository's broker tests use the composed
 * {@link RequiresRedis}, {@link RequiresNats} and {@link RequiresNatsJetStream}, so that each
 * server's address and start command are written once.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BrokerAvailability.class)
public @interface RequiresBroker {

    /** @return the server's name in messages, e.g. {@code Redis} */
    String name();

    /** @return the host to probe */
    String host() default "127.0.0.1";

    /** @return the port to probe */
    int port();

    /** @return how to start the server on a development machine */
    String startCommand();
}
