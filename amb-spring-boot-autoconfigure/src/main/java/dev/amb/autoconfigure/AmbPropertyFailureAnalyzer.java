package dev.amb.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidAmbPropertyException} into a start-up report naming the property, the
 * bad value, its origin and the valid values.
 *
 * @since 0.1.0
 */
public class AmbPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAmbPropertyException> {

    /** Creates the analyzer (instantiated by Spring Boot through {@code spring.factories}). */
    public AmbPropertyFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidAmbPropertyException cause) {
        String description = cause.getMessage();
        String action = "Set '" + cause.property() + "' to one of: " + cause.validValues()
                + (cause.origin() != null ? " (the current value comes from " + cause.origin() + ")" : "") + ".";
        return new FailureAnalysis(description, action, cause);
    }
}
