package dev.amb.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of requesters' round trips. Define a bean of this type to
 * replace {@link DefaultAmbRequestObservationConvention} (or extend it).
 *
 * @since 0.1.0
 */
public interface AmbRequestObservationConvention extends ObservationConvention<AmbRequestContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof AmbRequestContext;
    }
}
