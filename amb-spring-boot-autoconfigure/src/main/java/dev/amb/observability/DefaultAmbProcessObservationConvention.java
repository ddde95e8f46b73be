package dev.amb.observability;

import io.micrometer.common.KeyValues;

import dev.amb.spi.Envelope;

import static dev.amb.observability.AmbObservation.Keys;

/**
 * The default {@link AmbProcessObservationConvention}: observation {@code amb.process}, span name
 * {@code "process <patterns>"}. The subscription's patterns are the low-cardinality destination,
 * the concrete topic the high-cardinality one.
 *
 * @since 0.1.0
 */
public class DefaultAmbProcessObservationConvention implements AmbProcessObservationConvention {

    /** The shared instance. */
    public static final DefaultAmbProcessObservationConvention INSTANCE = new DefaultAmbProcessObservationConvention();

    @Override
    public String getName() {
        return "amb.process";
    }

    @Override
    public String getContextualName(AmbProcessContext context) {
        return "process " + Conventions.patterns(context.subscription().patterns());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AmbProcessContext context) {
        return Conventions.handling(context, context.system(), context.subscription(), "process");
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AmbProcessContext context) {
        Envelope envelope = context.envelope();
        KeyValues values = KeyValues.of(Keys.DESTINATION.withValue(envelope.topic()),
                Keys.MESSAGE_ID.withValue(envelope.id()), Keys.ATTEMPT.withValue(Integer.toString(context.attempt())));
        return envelope.correlationId() != null
                ? values.and(Keys.CONVERSATION_ID.withValue(envelope.correlationId())) : values;
    }
}
