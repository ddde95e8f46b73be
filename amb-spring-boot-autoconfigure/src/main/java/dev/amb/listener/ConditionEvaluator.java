package dev.amb.listener;

import java.util.Map;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import dev.amb.Message;
import dev.amb.MessageFilter;

/**
 * An {@code @AgentListener} condition: a SpEL expression over the decoded message, evaluated like
 * {@code @EventListener}'s conditions. The root object offers {@code data}, {@code headers},
 * {@code topic} and {@code message}; beans are reachable as {@code @name}. The expression is
 * parsed once, when the endpoint is created.
 *
 * <p>Thread safe: each evaluation uses its own evaluation context.
 */
final class ConditionEvaluator implements MessageFilter {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private final String source;

    private final Expression expression;

    private final BeanFactoryResolver beans;

    private ConditionEvaluator(String source, Expression expression, BeanFactory beanFactory) {
        this.source = source;
        this.expression = expression;
        this.beans = beanFactory != null ? new BeanFactoryResolver(beanFactory) : null;
    }

    /**
     * Parses a condition.
     * @throws AttributeResolver.InvalidAttribute when it is not valid SpEL
     */
    static ConditionEvaluator parse(String condition, BeanFactory beanFactory) {
        try {
            return new ConditionEvaluator(condition, PARSER.parseExpression(condition), beanFactory);
        }
        catch (ParseException ex) {
            throw new AttributeResolver.InvalidAttribute("condition \"" + condition + "\" is not valid SpEL: "
                    + ex.getMessage());
        }
    }

    @Override
    public boolean test(Message<?> message) {
        StandardEvaluationContext context = new StandardEvaluationContext(new Root(message));
        if (beans != null) {
            context.setBeanResolver(beans);
        }
        Object result = expression.getValue(context);
        if (result instanceof Boolean bool) {
            return bool;
        }
        if (result instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalStateException("Condition \"" + source + "\" evaluated to " + result + ", not a boolean");
    }

    @Override
    public String toString() {
        return "condition \"" + source + "\"";
    }

    /**
     * The condition's root object.
     * @param message the message being tested
     */
    record Root(Message<?> message) {

        public Object getData() {
            return message.data();
        }

        public Map<String, String> getHeaders() {
            return message.headers();
        }

        public String getTopic() {
            return message.topic();
        }

        public Message<?> getMessage() {
            return message;
        }
    }
}
