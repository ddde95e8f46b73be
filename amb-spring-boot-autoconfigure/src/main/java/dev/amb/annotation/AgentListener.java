package dev.amb.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.amb.AckMode;

/**
 * Subscribes a bean method to one or more topic patterns.
 *
 * <pre>{@code
 * @AgentListener(topics = "agents.tasks", group = "workers", ackMode = AckMode.MANUAL,
 *                retries = "5", retryDelay = "2s", condition = "headers['priority'] == 'high'",
 *                concurrency = "4", circuitBreaker = "external-api")
 * void onTask(Message<Task> task) { ... task.ack(); }
 * }</pre>
 *
 * <p>The method may take the payload (decoded into its declared type, generics included),
 * {@code Message<T>}, {@link Header @Header} strings, and, with {@link AckMode#BATCH},
 * {@code List<Message<T>>} or {@code List<T>}. It may be package-private and may live on a proxied
 * bean ({@code @Transactional}, {@code @Validated}): the call goes through the proxy.
 *
 * <p>String attributes accept {@code ${...}} placeholders and {@code #{...}} expressions. A bad
 * declaration fails application start-up with a message naming the bean, the method and the
 * problem. Subscriptions start once the application context is refreshed and stop gracefully when
 * it closes (see {@code AgentEndpointRegistry}).
 *
 * @since 0.1.0
 */
@Documented
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface AgentListener {

    /** @return the topic patterns ({@code *} one segment, {@code #} zero or more); at least one */
    String[] topics();

    /** @return the consumer group; empty for a broadcast subscription */
    String group() default "";

    /** @return how messages are acknowledged */
    AckMode ackMode() default AckMode.AUTO;

    /**
     * @return retries after the first attempt, e.g. {@code "5"} or {@code "${orders.retries}"}; empty
     *         (the default) means {@code amb.retry.max-retries}
     */
    String retries() default "";

    /** @return the first retry delay, e.g. {@code 2s} or {@code 500ms}; empty means {@code amb.retry.initial-delay} */
    String retryDelay() default "";

    /**
     * A SpEL condition over {@code data}, {@code headers}, {@code topic} and {@code message}, as
     * {@code @EventListener}'s: the method is only invoked when it is {@code true}; other
     * messages are acknowledged and skipped. Beans are reachable as {@code @beanName}.
     * @return the condition; empty for none
     */
    String condition() default "";

    /** @return the name of a {@link dev.amb.MessageFilter} bean; empty for none */
    String filter() default "";

    /** @return how many messages are handled at once, e.g. {@code "4"}; empty means 1 */
    String concurrency() default "";

    /**
     * @return the largest batch for {@link AckMode#BATCH}, e.g. {@code "100"} or a placeholder; empty means
     *         the default (100)
     */
    String batchSize() default "";

    /**
     * @return how long an {@link AckMode#BATCH} listener waits for a batch to fill before it hands over
     *         what it has, e.g. {@code "200ms"} or a placeholder; empty means the default (1 s)
     */
    String batchTimeout() default "";

    /**
     * @return with {@link AckMode#MANUAL}, how many messages may be unsettled at once before delivery
     *         waits, e.g. {@code "50"} or a placeholder; empty means the default
     */
    String maxUnacked() default "";

    /** @return the Resilience4j circuit breaker instance guarding the method; empty for none */
    String circuitBreaker() default "";

    /** @return the endpoint id for lookup in the registry; empty for {@code beanName.methodName} */
    String id() default "";

    /** @return whether the subscription starts with the context ({@code "true"} by default) */
    String autoStartup() default "";
}
