package dev.amb.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.ClassMetadata;

/**
 * Matches the broker configuration class that {@code amb.broker} selects ({@code memory} when
 * unset). An unknown value fails start-up with an {@link InvalidAmbPropertyException}.
 */
class BrokerCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String sourceClass = (metadata instanceof ClassMetadata classMetadata) ? classMetadata.getClassName() : "";
        BrokerType required = BrokerConfigurations.typeOf(sourceClass);
        BrokerType chosen = AmbChoices.broker(context.getEnvironment());
        ConditionMessage.Builder message = ConditionMessage.forCondition("AMB broker", sourceClass);
        if (chosen == required) {
            return ConditionOutcome.match(message.because(required.value() + " broker"));
        }
        return ConditionOutcome.noMatch(message.because(chosen.value() + " broker"));
    }
}
