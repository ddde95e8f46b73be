package dev.amb.observability;

import io.micrometer.common.KeyValues;

import static dev.amb.observability.AmbObservation.Keys;

/**
 * The default {@link AmbBatchObservationConvention}: observation {@code amb.process.batch}, span
 * name {@code "process_batch <patterns>"}, the same low-cardinality keys as {@code amb.process}.
 *
 * @since 0.1.0
 */
public class DefaultAmbBatchObservationConvention implements AmbBatchObservationConvention {

    /** The shared instance. */
    public static final DefaultAmbBatchObservationConvention INSTANCE = new DefaultAmbBatchObservationConvention();

    @Override
    public String getName() {
        return "amb.process.batch";
    }

    @Override
    public String getContextualName(AmbBatchContext context) {
        return "process_batch " + Conventions.patterns(context.subscription().patterns());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AmbBatchContext context) {
        return Conventions.handling(context, context.system(), context.subscription(), "process_batch");
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AmbBatchContext context) {
        return KeyValues.of(Keys.BATCH_COUNT.withValue(Integer.toString(context.envelopes().size())),
                Keys.ATTEMPT.withValue(Integer.toString(context.attempt())));
    }
}
