package dev.amb.broker.nats;

import java.io.IOException;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;

/**
 * Creates AMB's JetStream stream at start-up, or checks that an existing one fits: its subjects
 * must cover the configured subjects and its retention must be the configured one (JetStream
 * cannot change a stream's retention). An existing stream is never modified: it may be shared
 * infrastructure, so a mismatch fails start-up with a message naming both sides.
 */
final class JetStreamStreams {

    private static final Log logger = LogFactory.getLog(JetStreamStreams.class);

    /** JetStream's API error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    /** JetStream's API error code for "stream name already in use with a different configuration". */
    private static final int STREAM_NAME_IN_USE = 10058;

    private final Connection connection;

    private final NatsJetStreamBroker.StreamSettings settings;

    JetStreamStreams(Connection connection, NatsJetStreamBroker.StreamSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    void ensureStream() throws IOException, JetStreamApiException {
        JetStreamManagement management = connection.jetStreamManagement();
        StreamInfo existing = find(management);
        if (existing == null) {
            try {
                management.addStream(configuration());
                logger.info("Created JetStream stream '" + settings.streamName() + "' on " + settings.streamSubjects()
                        + " (" + settings.retention() + " retention, " + settings.storage() + " storage)");
                return;
            }
            catch (JetStreamApiException ex) {
                if (ex.getApiErrorCode() != STREAM_NAME_IN_USE) {
                    throw ex;
                }
                existing = find(management); // another agent created it meanwhile
                if (existing == null) {
                    throw ex;
                }
            }
        }
        validate(existing.getConfiguration());
    }

    private StreamInfo find(JetStreamManagement management) throws IOException, JetStreamApiException {
        try {
            return management.getStreamInfo(settings.streamName());
        }
        catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw ex;
        }
    }

    StreamConfiguration configuration() {
        StreamConfiguration.Builder builder = StreamConfiguration.builder()
            .name(settings.streamName())
            .description("AMB agent messages")
            .subjects(settings.streamSubjects())
            .retentionPolicy(settings.retention())
            .storageType(settings.storage())
            .replicas(settings.replicas())
            .maxMessages(settings.maxMessages());
        if (!settings.maxAge().isZero()) {
            builder.maxAge(settings.maxAge());
        }
        return builder.build();
    }

    private void validate(StreamConfiguration existing) {
        List<String> uncovered = settings.streamSubjects()
            .stream()
            .filter(wanted -> existing.getSubjects().stream().noneMatch(have -> NatsSubjects.covers(have, wanted)))
            .toList();
        if (!uncovered.isEmpty() || existing.getRetentionPolicy() != settings.retention()) {
            throw new AmbException("The JetStream stream '" + settings.streamName() + "' exists with subjects "
                    + existing.getSubjects() + " and " + existing.getRetentionPolicy()
                    + " retention, but AMB is configured for subjects " + settings.streamSubjects() + " and "
                    + settings.retention() + " retention (amb.nats.stream-subjects, amb.nats.stream-retention)"
                    + (uncovered.isEmpty() ? "" : "; not covered: " + uncovered)
                    + ". Change the stream, or point amb.nats.stream-name at another one.");
        }
        logger.debug("Using the existing JetStream stream '" + settings.streamName() + "' on " + existing.getSubjects());
    }
}
