package dev.amb.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of sends (publishes, request messages, replies, dead letters). Define a bean of this type to
 * replace {@link DefaultAmbPublishObservationConvention} (or extend it).
 *
 * @since 0.1.0
 */
public interface AmbPublishObservationConvention extends ObservationConvention<AmbPublishContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof AmbPublishContext;
    }
}
