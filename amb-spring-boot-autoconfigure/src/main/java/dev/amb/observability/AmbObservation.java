package dev.amb.observability;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations AMB makes, their names and keys. The keys follow the OpenTelemetry messaging
 * semantic conventions; a low-cardinality key becomes a metric tag as well as a span attribute, a
 * high-cardinality key only a span attribute.
 *
 * @since 0.1.0
 */
public enum AmbObservation implements ObservationDocumentation {

    /**
     * One send: a publish (request messages included), a reply or a dead letter ({@code
     * messaging.operation.name} is {@code publish}, {@code reply} or {@code dead_letter}). Producer kind; the span ends when the broker
     * confirmed the send (for a native request on core NATS: when the reply arrived).
     */
    PUBLISH {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAmbPublishObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] { Keys.SYSTEM, Keys.OPERATION_TYPE, Keys.OPERATION_NAME, Keys.DESTINATION, Keys.ERROR_TYPE };
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { Keys.DESTINATION, Keys.MESSAGE_ID, Keys.CONVERSATION_ID };
        }
    },

    /**
     * One handler invocation of a single-message subscription (each retry is one more), consumer
     * kind, continuing the trace of the message's sender.
     */
    PROCESS {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAmbProcessObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] { Keys.SYSTEM, Keys.OPERATION_TYPE, Keys.OPERATION_NAME, Keys.DESTINATION,
                    Keys.CONSUMER_GROUP, Keys.SUBSCRIPTION, Keys.ERROR_TYPE };
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { Keys.DESTINATION, Keys.MESSAGE_ID, Keys.CONVERSATION_ID, Keys.ATTEMPT };
        }
    },

    /**
     * One handler invocation of a batch subscription; its span links to the trace each message
     * started (with micrometer-tracing, see {@link BatchLinkingTracingObservationHandler}).
     */
    PROCESS_BATCH {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAmbBatchObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return PROCESS.getLowCardinalityKeyNames();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { Keys.BATCH_COUNT, Keys.ATTEMPT };
        }
    },

    /**
     * A requester's round trip ({@code request}, {@code scatter} or {@code first}): from sending to
     * the reply, the replies, the failure or the timeout. Its sends are its children.
     */
    REQUEST {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAmbRequestObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] { Keys.SYSTEM, Keys.REQUEST_KIND, Keys.DESTINATION, Keys.ERROR_TYPE };
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { Keys.CONVERSATION_ID, Keys.REPLIES };
        }
    };

    /**
     * The key names.
     *
     * @since 0.1.0
     */
    public enum Keys implements KeyName {

        /** {@code messaging.system}: the broker, with OpenTelemetry's name where it has one. */
        SYSTEM("messaging.system"),

        /** {@code messaging.operation.type}: {@code send} or {@code process}. */
        OPERATION_TYPE("messaging.operation.type"),

        /** {@code messaging.operation.name}: publish, reply, dead_letter, process, process_batch. */
        OPERATION_NAME("messaging.operation.name"),

        /**
         * {@code messaging.destination.name}: as a low-cardinality key (metrics) the subscription's
         * patterns, a publish's topic, or {@code amb.inbox} for replies; as a high-cardinality key
         * (spans) the concrete topic.
         */
        DESTINATION("messaging.destination.name"),

        /** {@code messaging.consumer.group.name}: the subscription's group, {@code none} for broadcast. */
        CONSUMER_GROUP("messaging.consumer.group.name"),

        /** {@code amb.subscription.id}: the subscription's (listener's) id. */
        SUBSCRIPTION("amb.subscription.id"),

        /** {@code amb.request.kind}: request, scatter or first. */
        REQUEST_KIND("amb.request.kind"),

        /** {@code error.type}: the failure's class name, {@code none} without one. */
        ERROR_TYPE("error.type"),

        /** {@code messaging.message.id}: the CloudEvents id. */
        MESSAGE_ID("messaging.message.id"),

        /** {@code messaging.message.conversation_id}: the correlation id of a request and its replies. */
        CONVERSATION_ID("messaging.message.conversation_id"),

        /** {@code messaging.batch.message_count}: the number of messages in a batch. */
        BATCH_COUNT("messaging.batch.message_count"),

        /** {@code amb.delivery.attempt}: the attempt number the handler saw. */
        ATTEMPT("amb.delivery.attempt"),

        /**
         * {@code amb.request.replies}: how many replies completed a request (those a scatter-gather
         * gathered). Each reply is a descendant of the request's trace, under its responder's
         * {@code process} span, so replies need no span links.
         */
        REPLIES("amb.request.replies");

        private final String name;

        Keys(String name) {
            this.name = name;
        }

        @Override
        public String asString() {
            return name;
        }
    }
}
