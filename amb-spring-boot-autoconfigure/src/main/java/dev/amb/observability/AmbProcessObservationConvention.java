package dev.amb.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of handler invocations of single-message subscriptions. Define a bean of this type to
 * replace {@link DefaultAmbProcessObservationConvention} (or extend it).
 *
 * @since 0.1.0
 */
public interface AmbProcessObservationConvention extends ObservationConvention<AmbProcessContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof AmbProcessContext;
    }
}
