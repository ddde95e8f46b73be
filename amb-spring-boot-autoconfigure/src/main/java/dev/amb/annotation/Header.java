package dev.amb.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a user header of the received message to a {@code String} parameter of an
 * {@link AgentListener} or {@link AgentResponder} method.
 *
 * <pre>{@code
 * @AgentListener(topics = "alerts")
 * void onAlert(Alert alert, @Header("priority") String priority) { ... }
 * }</pre>
 *
 * <p>In an {@link dev.amb.AckMode#BATCH} method the parameter is a {@code List<String>}: one value
 * per message, in batch order ({@code null} where an optional header is missing). A plain
 * {@code String} there is refused at start-up, since it could only show one message's header.
 *
 * @since 0.1.0
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Header {

    /** @return the header name */
    String value();

    /** @return whether a message without the header is an error; {@code false} passes {@code null} */
    boolean required() default false;
}
