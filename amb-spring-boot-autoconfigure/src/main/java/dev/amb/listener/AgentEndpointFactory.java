package dev.amb.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;

import dev.amb.AckMode;
import dev.amb.MessageFilter;
import dev.amb.SubscriptionOptions;
import dev.amb.annotation.AgentListener;
import dev.amb.annotation.AgentResponder;
import dev.amb.topic.Topics;

/**
 * Turns annotations into {@link AgentEndpoint}s: resolves placeholders and expressions, parses
 * durations and numbers, validates patterns, the method signature and attribute combinations, and
 * fails with an {@link AgentEndpointException} naming the bean, the method and the problem.
 */
final class AgentEndpointFactory {

    private final ConfigurableBeanFactory beanFactory;

    private final AttributeResolver attributes;

    private final PayloadValidation validation;

    AgentEndpointFactory(ConfigurableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.attributes = new AttributeResolver(beanFactory);
        this.validation = new PayloadValidation(beanFactory);
    }

    AgentEndpoint listener(Object bean, String beanName, Method method, AgentListener annotation) {
        Function<String, AgentEndpointException> problems = problem -> new AgentEndpointException("@AgentListener",
                beanName, method, problem);
        try {
            List<String> topics = Arrays.stream(annotation.topics()).map(attributes::text).map(String::trim).toList();
            if (topics.isEmpty() || topics.stream().anyMatch(String::isEmpty)) {
                throw problems.apply("topics must name at least one pattern and none may be empty");
            }
            topics.forEach(Topics::validatePattern);
            AckMode ackMode = annotation.ackMode();
            Integer retries = attributes.optionalInt("retries", annotation.retries(), 0);
            Duration retryDelay = attributes.duration("retryDelay", annotation.retryDelay());
            int concurrency = attributes.positiveInt("concurrency", annotation.concurrency(), 1);
            Integer batchSize = attributes.optionalInt("batchSize", annotation.batchSize(), 1);
            Duration batchTimeout = attributes.duration("batchTimeout", annotation.batchTimeout());
            if ((batchSize != null || batchTimeout != null) && ackMode != AckMode.BATCH) {
                throw problems.apply((batchSize != null ? "batchSize" : "batchTimeout") + " needs ackMode = BATCH");
            }
            Integer maxUnacked = attributes.optionalInt("maxUnacked", annotation.maxUnacked(), 1);
            if (maxUnacked != null && ackMode != AckMode.MANUAL) {
                throw problems.apply("maxUnacked needs ackMode = MANUAL");
            }
            String conditionText = attributes.optionalText(annotation.condition());
            MessageFilter condition = conditionText != null ? ConditionEvaluator.parse(conditionText, beanFactory) : null;
            String filterBean = attributes.optionalText(annotation.filter());
            HandlerMethod handler = handlerMethod(bean, method, ackMode, problems, validation);
            return new AgentEndpoint(endpointId(annotation.id(), beanName, method), EndpointKind.LISTENER, beanName,
                    handler, topics, attributes.optionalText(annotation.group()), ackMode, retries, retryDelay, condition,
                    filterBean, concurrency, batchSize != null ? batchSize : SubscriptionOptions.DEFAULT_BATCH_SIZE,
                    attributes.optionalText(annotation.circuitBreaker()),
                    attributes.bool("autoStartup", annotation.autoStartup(), true), batchTimeout, maxUnacked);
        }
        catch (IllegalArgumentException ex) {
            throw problems.apply(ex.getMessage());
        }
    }

    AgentEndpoint responder(Object bean, String beanName, Method method, AgentResponder annotation) {
        Function<String, AgentEndpointException> problems = problem -> new AgentEndpointException("@AgentResponder",
                beanName, method, problem);
        try {
            String topic = attributes.text(annotation.topic()).trim();
            if (topic.isEmpty()) {
                throw problems.apply("topic must not be empty");
            }
            Topics.validatePattern(topic);
            int concurrency = attributes.positiveInt("concurrency", annotation.concurrency(), 1);
            HandlerMethod handler = handlerMethod(bean, method, AckMode.AUTO, problems, validation);
            return new AgentEndpoint(endpointId(annotation.id(), beanName, method), EndpointKind.RESPONDER, beanName,
                    handler, List.of(topic), attributes.optionalText(annotation.group()), AckMode.AUTO, null, null, null,
                    null, concurrency, SubscriptionOptions.DEFAULT_BATCH_SIZE, null,
                    attributes.bool("autoStartup", annotation.autoStartup(), true), null, null);
        }
        catch (IllegalArgumentException ex) {
            throw problems.apply(ex.getMessage());
        }
    }

    private static HandlerMethod handlerMethod(Object bean, Method method, AckMode ackMode,
            Function<String, AgentEndpointException> problems, PayloadValidation validation) {
        Method invocable;
        try {
            invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        }
        catch (IllegalStateException ex) {
            throw problems.apply("the method cannot be called through the bean's proxy (" + ex.getMessage()
                    + "); declare it on an interface the proxy implements, or use class-based proxies");
        }
        return HandlerMethodFactory.create(bean, invocable, method, ackMode, problems, validation);
    }

    private String endpointId(String id, String beanName, Method method) {
        String resolved = attributes.optionalText(id);
        return resolved != null ? resolved : beanName + "." + method.getName();
    }
}
