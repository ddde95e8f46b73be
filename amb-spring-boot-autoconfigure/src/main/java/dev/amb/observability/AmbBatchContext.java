package dev.amb.observability;

import java.util.List;

import io.micrometer.observation.Observation;

import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

/**
 * The context of an {@link AmbObservation#PROCESS_BATCH} observation: one handler invocation of a
 * batch subscription. A batch has no single sender, so its span does not continue one trace; it
 * links to each message's (see {@link BatchLinkingTracingObservationHandler}).
 *
 * @since 0.1.0
 */
public class AmbBatchContext extends Observation.Context {

    private final List<Envelope> envelopes;

    private final SubscriptionSpec subscription;

    private final int attempt;

    private final String system;

    /**
     * @param envelopes the messages of the batch
     * @param subscription the subscription handling them
     * @param attempt the attempt number
     * @param system the {@code messaging.system} value
     */
    public AmbBatchContext(List<Envelope> envelopes, SubscriptionSpec subscription, int attempt, String system) {
        this.envelopes = List.copyOf(envelopes);
        this.subscription = subscription;
        this.attempt = attempt;
        this.system = system;
    }

    /** @return the messages of the batch */
    public List<Envelope> envelopes() {
        return envelopes;
    }

    /** @return the subscription handling them */
    public SubscriptionSpec subscription() {
        return subscription;
    }

    /** @return the attempt number */
    public int attempt() {
        return attempt;
    }

    /** @return the {@code messaging.system} value */
    public String system() {
        return system;
    }
}
