package dev.amb.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Answers requests sent to a topic with the method's return value.
 *
 * <pre>{@code
 * @AgentResponder(topic = "agents.process", group = "workers")     // load-balanced responders
 * Result process(Message<Job> job) { ... }
 * }</pre>
 *
 * <p>The method may take the payload, {@code Message<Q>} and {@link Header @Header} strings, and
 * returns the reply or a {@code CompletableFuture} (any {@code CompletionStage}) of it. An
 * exception (or a failed future) is sent back as an error reply, which the requester sees as a
 * {@link dev.amb.RemoteAgentException}. String attributes accept {@code ${...}} placeholders.
 *
 * @since 0.1.0
 */
@Documented
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface AgentResponder {

    /** @return the request topic (a pattern is allowed) */
    String topic();

    /** @return the responder group (responders in one group share the requests); empty for none */
    String group() default "";

    /** @return how many requests are handled at once, e.g. {@code "4"}; empty means 1 */
    String concurrency() default "";

    /** @return the endpoint id for lookup in the registry; empty for {@code beanName.methodName} */
    String id() default "";

    /** @return whether the responder starts with the context ({@code "true"} by default) */
    String autoStartup() default "";
}
