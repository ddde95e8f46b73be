package dev.amb.observability;

import io.micrometer.common.KeyValues;

import static dev.amb.observability.AmbObservation.Keys;

/**
 * The default {@link AmbRequestObservationConvention}: observation {@code amb.request}, span name
 * {@code "<kind> <topics>"} ({@code request agents.plan}, {@code scatter agents.bids},
 * {@code first a.quote,b.quote}); {@code error.type} names the failure
 * ({@code dev.amb.RequestTimeoutException}, {@code dev.amb.RemoteAgentException}, ...).
 *
 * @since 0.1.0
 */
public class DefaultAmbRequestObservationConvention implements AmbRequestObservationConvention {

    /** The shared instance. */
    public static final DefaultAmbRequestObservationConvention INSTANCE = new DefaultAmbRequestObservationConvention();

    @Override
    public String getName() {
        return "amb.request";
    }

    @Override
    public String getContextualName(AmbRequestContext context) {
        return context.kind() + " " + Conventions.patterns(context.topics());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AmbRequestContext context) {
        return KeyValues.of(Keys.SYSTEM.withValue(context.system()), Keys.REQUEST_KIND.withValue(context.kind()),
                Keys.DESTINATION.withValue(Conventions.patterns(context.topics())), Conventions.errorType(context));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AmbRequestContext context) {
        return KeyValues.of(Keys.CONVERSATION_ID.withValue(context.correlationId()),
                Keys.REPLIES.withValue(Integer.toString(context.replies())));
    }
}
