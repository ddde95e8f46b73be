package dev.amb.listener;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.MethodParameter;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link PayloadValidation} finds the annotation and the validator and reports violations.
 */
class PayloadValidationTests {

    record Line(@NotBlank String sku, @Positive int quantity, @Valid Address ship) {
    }

    record Address(@NotBlank String city) {
    }

    @Test
    void violationsAreSortedPathsWithMessagesAndCollectionsAreCheckedElementByElement() {
        PayloadValidation.Checker checker = PayloadValidation.spring(jakarta());
        assertThat(PayloadValidation.violations(checker, new Object[0], new Line("", 0, new Address(" "))))
            .containsExactly("quantity: must be greater than 0", "ship.city: must not be blank", "sku: must not be blank");
        assertThat(PayloadValidation.violations(checker, new Object[0],
                List.of(new Line("a", 1, null), new Line("b", -1, null))))
            .containsExactly("[1].quantity: must be greater than 0");
        assertThat(PayloadValidation.violations(checker, new Object[0], null)).isEmpty();
    }

    @Test
    void theContextsJakartaValidatorIsPreferredAndAPlainSpringValidatorServesOtherwise() {
        DefaultListableBeanFactory withJakarta = new DefaultListableBeanFactory();
        withJakarta.registerSingleton("defaultValidator", jakarta());
        withJakarta.registerSingleton("other", (Validator) new RejectEverything());
        PayloadValidation.Checker jakarta = new PayloadValidation(withJakarta).checker();
        assertThat(PayloadValidation.violations(jakarta, new Object[0], new Line("", 1, null)))
            .containsExactly("sku: must not be blank");

        DefaultListableBeanFactory springOnly = new DefaultListableBeanFactory();
        springOnly.registerSingleton("other", (Validator) new RejectEverything());
        PayloadValidation.Checker spring = new PayloadValidation(springOnly).checker();
        assertThat(PayloadValidation.violations(spring, new Object[0], new Line("x", 1, null)))
            .containsExactly("line: rejected");

        assertThat(new PayloadValidation(new DefaultListableBeanFactory()).validator(new Object[0], "m()")).isNull();
    }

    @Test
    void validAndValidatedMarkAParameterButOtherAnnotationsDoNot() throws Exception {
        var method = Annotated.class.getDeclaredMethod("on", Line.class, Line.class, Line.class);
        assertThat(PayloadValidation.hints(new MethodParameter(method, 0))).isEmpty();
        assertThat(PayloadValidation.hints(new MethodParameter(method, 1))).containsExactly(String.class);
        assertThat(PayloadValidation.hints(new MethodParameter(method, 2))).isNull();
    }

    private static LocalValidatorFactoryBean jakarta() {
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        return validator;
    }

    static class Annotated {

        void on(@Valid Line a, @org.springframework.validation.annotation.Validated(String.class) Line b,
                @org.springframework.lang.Nullable Line c) {
        }
    }

    static class RejectEverything implements Validator {

        @Override
        public boolean supports(Class<?> type) {
            return true;
        }

        @Override
        public void validate(Object target, Errors errors) {
            errors.reject("nope", "rejected");
        }
    }
}
