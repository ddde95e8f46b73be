package dev.amb.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Always matches when {@code amb.broker} and {@code amb.serializer} hold valid values (and the
 * chosen broker's client library is on the class path), and fails start-up with an
 * {@link InvalidAmbPropertyException} otherwise. It runs while configuration
 * classes are parsed, before any properties are bound, so the user sees AMB's own explanation.
 */
class ValidChoicesCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        BrokerType broker = AmbChoices.broker(context.getEnvironment());
        String missing = BrokerClients.missingDependency(broker, context.getClassLoader());
        if (missing != null) {
            throw new InvalidAmbPropertyException(AmbChoices.BROKER_PROPERTY, broker.value(), null,
                    "the " + broker.value() + " adapter needs its client library on the class path: add " + missing,
                    BrokerType.availableValues());
        }
        SerializerType serializer = AmbChoices.serializer(context.getEnvironment());
        return ConditionOutcome.match(ConditionMessage.forCondition("AMB choices")
            .because("amb.broker=" + broker.value() + ", amb.serializer=" + serializer.value()));
    }
}
