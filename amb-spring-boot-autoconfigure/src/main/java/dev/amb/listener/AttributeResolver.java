package dev.amb.listener;

import java.time.Duration;

import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * Resolves annotation string attributes: {@code ${...}} placeholders, then {@code #{...}}
 * expressions, then parsing into the attribute's type. Parsing problems are reported as
 * descriptions for {@link AgentEndpointException}.
 */
final class AttributeResolver {

    private final ConfigurableBeanFactory beanFactory;

    private final BeanExpressionResolver expressions;

    private final BeanExpressionContext expressionContext;

    AttributeResolver(ConfigurableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.expressions = beanFactory.getBeanExpressionResolver();
        this.expressionContext = new BeanExpressionContext(beanFactory, null);
    }

    /** @return the resolved text, never {@code null} */
    String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String resolved = beanFactory.resolveEmbeddedValue(value);
        if (resolved != null && expressions != null && resolved.contains("#{")) {
            Object evaluated = expressions.evaluate(resolved, expressionContext);
            return evaluated != null ? evaluated.toString() : "";
        }
        return resolved != null ? resolved : "";
    }

    /** @return the resolved text, or {@code null} when it is empty */
    String optionalText(String value) {
        String text = text(value).trim();
        return text.isEmpty() ? null : text;
    }

    /** @return the parsed positive integer, or {@code fallback} when empty */
    int positiveInt(String attribute, String value, int fallback) {
        String text = optionalText(value);
        if (text == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(text);
            if (parsed < 1) {
                throw new InvalidAttribute(attribute + " must be 1 or more, was '" + text + "'");
            }
            return parsed;
        }
        catch (NumberFormatException ex) {
            throw new InvalidAttribute(attribute + " '" + text + "' is not a number");
        }
    }

    /** @return the parsed integer of at least {@code min}, or {@code null} when empty */
    Integer optionalInt(String attribute, String value, int min) {
        String text = optionalText(value);
        if (text == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(text);
            if (parsed < min) {
                throw new InvalidAttribute(attribute + " must be " + min + " or more, was '" + text + "'");
            }
            return parsed;
        }
        catch (NumberFormatException ex) {
            throw new InvalidAttribute(attribute + " '" + text + "' is not a number");
        }
    }

    /** @return the parsed duration, or {@code null} when empty */
    Duration duration(String attribute, String value) {
        String text = optionalText(value);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = DurationStyle.detectAndParse(text);
            if (duration.isNegative()) {
                throw new InvalidAttribute(attribute + " must not be negative, was '" + text + "'");
            }
            return duration;
        }
        catch (IllegalArgumentException ex) {
            if (ex instanceof InvalidAttribute) {
                throw ex;
            }
            throw new InvalidAttribute(attribute + " '" + text + "' is not a duration (use e.g. 500ms, 2s, 1m or PT2S)");
        }
    }

    /** @return the parsed boolean, or {@code fallback} when empty */
    boolean bool(String attribute, String value, boolean fallback) {
        String text = optionalText(value);
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidAttribute(attribute + " must be true or false, was '" + text + "'");
    }

    /** An attribute that does not parse; the factory adds bean and method to the message. */
    static final class InvalidAttribute extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        InvalidAttribute(String message) {
            super(message);
        }
    }
}
