package dev.amb.listener;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.Conventions;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.DirectFieldBindingResult;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

import dev.amb.MessageValidator;

/**
 * Validation of {@code @Valid} payloads, the way Spring MVC validates {@code @Valid @RequestBody}:
 * a payload, {@code Message<T>} or batch parameter annotated with {@code @jakarta.validation.Valid},
 * Spring's {@code @Validated} (whose groups become validation hints) or any annotation whose name
 * starts with {@code Valid} is checked by the application's validator before the method runs. The
 * validator is the context's unique {@code jakarta.validation.Validator} bean (Spring Boot's
 * {@code defaultValidator}, present with {@code spring-boot-starter-validation}); failing that, the
 * unique Spring {@link Validator} bean. Like Spring MVC, a
 * {@code @Valid} parameter without any validator in the context is not validated; start-up logs a
 * warning naming the method.
 *
 * <p>A {@code null} payload is not validated (as Bean Validation skips a {@code null} cascaded
 * value); a {@code Collection} payload is validated element by element. Violations are reported one
 * per line as {@code field: message} ({@code [index].field: message} for collection elements,
 * {@code object: message} for class-level constraints), sorted, so the same payload always gives
 * the same text.
 *
 * <p>Created per bean factory; the validator is looked up once, on first use (when the endpoints are
 * built, after every singleton exists). Thread safe.
 */
final class PayloadValidation {

    private static final Log logger = LogFactory.getLog(PayloadValidation.class);

    private static final boolean JAKARTA_PRESENT = ClassUtils.isPresent("jakarta.validation.Validator",
            PayloadValidation.class.getClassLoader());

    private final BeanFactory beanFactory;

    private Checker checker; // guarded by this

    private boolean looked; // guarded by this

    PayloadValidation(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * @param parameter a method parameter
     * @return the validation hints (groups) when the parameter asks for validation, else {@code null}
     */
    static Object[] hints(MethodParameter parameter) {
        for (Annotation annotation : parameter.getParameterAnnotations()) {
            Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
            if (hints != null) {
                return hints;
            }
        }
        return null;
    }

    /**
     * @param hints the validation hints of the annotated parameter
     * @param method the endpoint method, for the warning when there is no validator
     * @return the message validator, or {@code null} when the context has no validator
     */
    MessageValidator validator(Object[] hints, String method) {
        Checker found = checker();
        if (found == null) {
            logger.warn("The payload of " + method + " is annotated for validation (@Valid or @Validated), but the "
                    + "application context has no jakarta.validation.Validator or Spring Validator bean: its payloads are "
                    + "not validated. Add spring-boot-starter-validation (or define a Validator bean) to validate them.");
            return null;
        }
        return message -> violations(found, hints, message.data());
    }

    /** @return how payloads are checked, or {@code null} when the context has no validator */
    synchronized Checker checker() {
        if (!looked) {
            checker = JAKARTA_PRESENT ? Jakarta.find(beanFactory) : null;
            if (checker == null) {
                Validator spring = beanFactory.getBeanProvider(Validator.class).getIfUnique();
                checker = spring != null ? spring(spring) : null;
            }
            looked = true;
        }
        return checker;
    }

    static List<String> violations(Checker checker, Object[] hints, Object payload) {
        if (payload == null) {
            return List.of();
        }
        List<String> violations = new ArrayList<>();
        if (payload instanceof Collection<?> elements) {
            int index = 0;
            for (Object element : elements) {
                if (element != null) {
                    checker.check(element, hints, "[" + index + "]", violations);
                }
                index++;
            }
        }
        else {
            checker.check(payload, hints, "", violations);
        }
        violations.sort(null);
        return violations;
    }

    /** Checks with a Spring {@link Validator}; {@code @Validated} groups reach a {@link SmartValidator}. */
    static Checker spring(Validator validator) {
        return (target, hints, prefix, into) -> {
            Errors errors = new DirectFieldBindingResult(target, Conventions.getVariableName(target));
            if (hints.length > 0 && validator instanceof SmartValidator smart) {
                smart.validate(target, errors, hints);
            }
            else {
                validator.validate(target, errors);
            }
            for (ObjectError error : errors.getAllErrors()) {
                String path = error instanceof FieldError field ? field.getField() : "";
                into.add(line(prefix, path, error.getObjectName(), error.getDefaultMessage()));
            }
        };
    }

    private static String line(String prefix, String path, String objectName, String message) {
        String where = path.isEmpty() ? (prefix.isEmpty() ? objectName : prefix)
                : (prefix.isEmpty() ? path : prefix + "." + path);
        return where + ": " + message;
    }

    /** Validates one object, adding one line per violation. */
    @FunctionalInterface
    interface Checker {

        void check(Object target, Object[] hints, String prefix, List<String> into);
    }

    /** Kept apart so that the Jakarta types are only loaded when they are on the class path. */
    private static final class Jakarta {

        static Checker find(BeanFactory beanFactory) {
            jakarta.validation.Validator validator = beanFactory.getBeanProvider(jakarta.validation.Validator.class)
                .getIfUnique();
            return validator != null ? checker(validator) : null;
        }

        /** Validates with the Jakarta API directly: property paths and messages as Bean Validation gives them. */
        static Checker checker(jakarta.validation.Validator validator) {
            return (target, hints, prefix, into) -> {
                Class<?>[] groups = Arrays.stream(hints).filter(Class.class::isInstance).toArray(Class<?>[]::new);
                for (ConstraintViolation<Object> violation : validator.validate(target, groups)) {
                    into.add(line(prefix, violation.getPropertyPath().toString(), Conventions.getVariableName(target),
                            violation.getMessage()));
                }
            };
        }
    }
}
