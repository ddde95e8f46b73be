package dev.amb.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of handler invocations of batch subscriptions. Define a bean of this type to
 * replace {@link DefaultAmbBatchObservationConvention} (or extend it).
 *
 * @since 0.1.0
 */
public interface AmbBatchObservationConvention extends ObservationConvention<AmbBatchContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof AmbBatchContext;
    }
}
