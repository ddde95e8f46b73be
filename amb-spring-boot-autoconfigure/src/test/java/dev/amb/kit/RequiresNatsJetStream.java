package dev.amb.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the local NATS server with JetStream enabled: a
 * {@link RequiresBroker} on the same address and start command as {@link RequiresNats}, naming
 * JetStream in its messages.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RequiresBroker(name = "NATS with JetStream", port = RequiresNats.PORT, startCommand = RequiresNats.START_COMMAND)
public @interface RequiresNatsJetStream {
}
