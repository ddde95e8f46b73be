package dev.amb.observability;

import io.micrometer.common.KeyValues;

import dev.amb.spi.Envelope;

import static dev.amb.observability.AmbObservation.Keys;

/**
 * The default {@link AmbPublishObservationConvention}: observation {@code amb.publish}, span name
 * {@code "<operation> <destination>"} ({@code publish agents.tasks}, {@code reply amb.inbox}).
 * Replies go to per-instance inboxes, so their low-cardinality destination is {@code amb.inbox}.
 *
 * @since 0.1.0
 */
public class DefaultAmbPublishObservationConvention implements AmbPublishObservationConvention {

    /** The shared instance. */
    public static final DefaultAmbPublishObservationConvention INSTANCE = new DefaultAmbPublishObservationConvention();

    /** The low-cardinality destination of replies. */
    public static final String REPLY_DESTINATION = "amb.inbox";

    @Override
    public String getName() {
        return "amb.publish";
    }

    @Override
    public String getContextualName(AmbPublishContext context) {
        return context.operation() + " " + destination(context);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AmbPublishContext context) {
        return KeyValues.of(Keys.SYSTEM.withValue(context.system()), Keys.OPERATION_TYPE.withValue("send"),
                Keys.OPERATION_NAME.withValue(context.operation()), Keys.DESTINATION.withValue(destination(context)),
                Conventions.errorType(context));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AmbPublishContext context) {
        Envelope envelope = context.envelope();
        KeyValues values = KeyValues.of(Keys.DESTINATION.withValue(envelope.topic()),
                Keys.MESSAGE_ID.withValue(envelope.id()));
        return envelope.correlationId() != null
                ? values.and(Keys.CONVERSATION_ID.withValue(envelope.correlationId())) : values;
    }

    /**
     * @param context the context
     * @return the low-cardinality destination: the topic, or {@value #REPLY_DESTINATION} for a reply
     */
    protected String destination(AmbPublishContext context) {
        return "reply".equals(context.operation()) ? REPLY_DESTINATION : context.envelope().topic();
    }
}
