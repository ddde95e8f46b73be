package dev.amb.broker.nats;

import java.io.IOException;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;

/**
 * Creates AMB's JetStream stream at start-up, or checks that an existing one fits: its subjects
 * must cover the configured subjects, its retention must be the configured one
 * (JetStream cannot change a stream's retention), and it must not have settings that lose or
 * refuse AMB's messages: a per-subject message limit, {@code discard new}, {@code no_ack}, or a
 * duplicate window shorter than {@value #MIN_DUPLICATE_SECONDS} seconds, or memory storage where file
 * storage is configured. An existing stream is never modified: it may be shared
 * infrastructure, so a mismatch fails start-up with a message naming both sides.
 */
final class JetStreamStreams {

    private static final Log logger = LogFactory.getLog(JetStreamStreams.class);

    /** JetStream's API error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    /** JetStream's API error code for "stream name already in use with a different configuration". */
    private static final int STREAM_NAME_IN_USE = 10058;

    /** The shortest duplicate window, in seconds, that still de-duplicates a publish AMB retries. */
    static final long MIN_DUPLICATE_SECONDS = 10;

    /** The shortest duplicate window that still de-duplicates a publish AMB retries. */
    static final java.time.Duration MIN_DUPLICATE_WINDOW = java.time.Duration.ofSeconds(MIN_DUPLICATE_SECONDS);

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

    /**
     * What in an existing stream loses messages AMB published, or refuses them.
     * @param existing the stream's configuration
     * @return one sentence per setting, empty when it fits
     */
    List<String> losingSettings(StreamConfiguration existing) {
        List<String> losing = new java.util.ArrayList<>();
        if (existing.getMaxMsgsPerSubject() > 0) {
            losing.add("max_msgs_per_subject=" + existing.getMaxMsgsPerSubject()
                    + " drops a topic's unconsumed messages as newer ones arrive (bound the stream with max_msgs "
                    + "or max_age instead)");
        }
        if (existing.getDiscardPolicy() == DiscardPolicy.New) {
            losing.add("discard=new refuses every publish once a limit is reached");
        }
        if (existing.getNoAck()) {
            losing.add("no_ack=true never confirms a publish, so no publish can complete");
        }
        if (existing.getStorageType() == StorageType.Memory && settings.storage() == StorageType.File) {
            losing.add("memory storage where AMB is configured for file storage (amb.nats.stream-storage): it loses "
                    + "every message when the server restarts");
        }
        java.time.Duration window = existing.getDuplicateWindow();
        if (window != null && !window.isZero() && window.compareTo(MIN_DUPLICATE_WINDOW) < 0) {
            losing.add("duplicate_window=" + window + " is shorter than " + MIN_DUPLICATE_WINDOW.toSeconds()
                    + " s, so a publish retried after a lost acknowledgement is stored twice");
        }
        return losing;
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
        List<String> losing = losingSettings(existing);
        if (!losing.isEmpty()) {
            throw new AmbException("The JetStream stream '" + settings.streamName() + "' exists with settings that lose "
                    + "or refuse AMB's messages: " + String.join("; ", losing)
                    + ". Change the stream, or point amb.nats.stream-name at another one.");
        }
        logger.debug("Using the existing JetStream stream '" + settings.streamName() + "' on " + existing.getSubjects());
    }
}
