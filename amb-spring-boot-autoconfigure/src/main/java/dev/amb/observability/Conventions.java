package dev.amb.observability;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;

import dev.amb.spi.SubscriptionSpec;

/** What the default conventions share. */
final class Conventions {

    /** The value of keys that do not apply (a broadcast subscription's group, no error). */
    static final String NONE = "none";

    private Conventions() {
    }

    /**
     * @param brokerName an AMB broker name
     * @return OpenTelemetry's {@code messaging.system} value for it where it has one, else the name
     */
    static String system(String brokerName) {
        if (brokerName == null) {
            return "unknown";
        }
        return switch (brokerName) {
            case "rabbit" -> "rabbitmq";
            case "sqs" -> "aws_sqs";
            default -> brokerName;
        };
    }

    static KeyValue errorType(Observation.Context context) {
        Throwable error = context.getError();
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return AmbObservation.Keys.ERROR_TYPE.withValue(error != null ? error.getClass().getName() : NONE);
    }

    /**
     * The low-cardinality keys of a handler invocation, single or batch.
     * @param operation {@code process} or {@code process_batch}
     */
    static KeyValues handling(Observation.Context context, String system, SubscriptionSpec subscription,
            String operation) {
        return KeyValues.of(AmbObservation.Keys.SYSTEM.withValue(system),
                AmbObservation.Keys.OPERATION_TYPE.withValue("process"), AmbObservation.Keys.OPERATION_NAME.withValue(operation),
                AmbObservation.Keys.DESTINATION.withValue(patterns(subscription.patterns())),
                AmbObservation.Keys.CONSUMER_GROUP.withValue(orNone(subscription.group())),
                AmbObservation.Keys.SUBSCRIPTION.withValue(subscription.id()), errorType(context));
    }

    static String patterns(List<String> patterns) {
        return patterns.size() == 1 ? patterns.get(0) : String.join(",", patterns);
    }

    static String orNone(String value) {
        return value != null ? value : NONE;
    }
}
