package dev.amb.broker.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.topic.Topics;

/**
 * A subscription on JetStream: one pull consumer per translated subject. A grouped subscription
 * shares a durable consumer with the other members of its group (named from the group and the
 * subject, so it survives restarts and the members compete for its messages); a broadcast
 * subscription has an ephemeral consumer of its own, deleted when it closes (and by the server
 * after {@value #EPHEMERAL_INACTIVE_MINUTES} minutes without a client). Both start with the
 * messages published after they were first created, acknowledge explicitly, and honour
 * {@code ackWait} and {@code maxDeliver}.
 *
 * <p>{@code pause()} stops pulling (messages already pulled wait in the bounded queue), and
 * {@code resume()} pulls again. Messages queued when the subscription closes are {@code nak}ed
 * so another member (or the next start) gets them at once.
 */
final class JetStreamNatsSubscription extends NatsSubscription {

    private static final Log logger = LogFactory.getLog(JetStreamNatsSubscription.class);

    static final int EPHEMERAL_INACTIVE_MINUTES = 5;

    private final NatsSubjects.Translation translation;

    private final boolean literal;

    private final StreamContext stream;

    private final NatsJetStreamBroker.StreamSettings streamSettings;

    private final List<ConsumerContext> consumers = new ArrayList<>(2);

    private final List<MessageConsumer> running = new ArrayList<>(2);

    JetStreamNatsSubscription(NatsResources resources, SubscriptionSpec spec, DeliveryHandler handler,
            NatsSubjects.Translation translation, boolean literal, StreamContext stream,
            NatsJetStreamBroker.StreamSettings streamSettings) {
        super(resources, spec, handler);
        this.translation = translation;
        this.literal = literal;
        this.stream = stream;
        this.streamSettings = streamSettings;
    }

    @Override
    void open() {
        try {
            for (String subject : translation.subjects()) {
                consumers.add(stream.createOrUpdateConsumer(configuration(subject)));
            }
            startConsuming();
        }
        catch (java.io.IOException | JetStreamApiException ex) {
            throw new AmbException("Could not create the JetStream consumer(s) for '" + spec().pattern() + "' on "
                    + translation.subjects() + " in stream '" + streamSettings.streamName() + "': " + ex.getMessage(), ex);
        }
    }

    private ConsumerConfiguration configuration(String subject) {
        ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
            .filterSubject(subject)
            .deliverPolicy(DeliverPolicy.New)
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(streamSettings.ackWait())
            .maxDeliver(streamSettings.maxDeliver());
        if (streamSettings.maxAckPending() > 0) {
            builder.maxAckPending(streamSettings.maxAckPending());
        }
        if (spec().grouped()) {
            return builder.durable(durableName(spec().group(), subject))
                .description("AMB group '" + spec().group() + "' on '" + spec().pattern() + "'")
                .build();
        }
        return builder.inactiveThreshold(Duration.ofMinutes(EPHEMERAL_INACTIVE_MINUTES))
            .description("AMB subscription '" + spec().id() + "'")
            .build();
    }

    /**
     * The durable consumer name of a group on a subject: readable, and unique per (group, subject).
     * @param group the AMB group
     * @param subject the consumer's filter subject
     * @return e.g. {@code amb_workers_3f2a9c41d07e}
     */
    static String durableName(String group, String subject) {
        String readable = group.replaceAll("[^A-Za-z0-9_-]", "_");
        if (readable.length() > 64) {
            readable = readable.substring(0, 64);
        }
        String hash = UUID.nameUUIDFromBytes((group + "\n" + subject).getBytes(StandardCharsets.UTF_8)).toString()
            .replace("-", "").substring(0, 12);
        return "amb_" + readable + "_" + hash;
    }

    private void startConsuming() throws java.io.IOException, JetStreamApiException {
        ConsumeOptions options = ConsumeOptions.builder().batchSize(resources.settings().maxQueueSize()).build();
        for (ConsumerContext consumer : consumers) {
            running.add(consumer.consume(options, natsDispatcher, this::onMessage));
        }
    }

    private void onMessage(Message message) {
        String topic = NatsSubjects.topic(streamSettings.subjectPrefix(), message.getSubject());
        if (topic == null || (!literal && !Topics.isValidTopic(topic))) {
            logger.warn("Terminating JetStream message on subject '" + message.getSubject() + "' for '"
                    + spec().pattern() + "': it is not an AMB topic under the prefix '" + streamSettings.subjectPrefix()
                    + "'");
            settle(message::term, "term");
            return;
        }
        long delivered = message.metaData().deliveredCount();
        receive(message, topic, (int) Math.min(Integer.MAX_VALUE, Math.max(1, delivered)));
    }

    @Override
    Delivery delivery(Inbound inbound, Envelope envelope) {
        return new JetStreamDelivery(inbound, envelope);
    }

    @Override
    void abandon(Inbound inbound) {
        settle(inbound.message()::nak, "nak");
    }

    @Override
    void pauseSource() {
        running.forEach(MessageConsumer::stop);
        running.clear();
    }

    @Override
    void resumeSource() {
        try {
            startConsuming();
        }
        catch (java.io.IOException | JetStreamApiException ex) {
            throw new AmbException("Could not resume pulling for '" + spec().pattern() + "': " + ex.getMessage(), ex);
        }
    }

    @Override
    void closeSource() {
        for (MessageConsumer consumer : running) {
            try {
                consumer.close();
            }
            catch (Exception ex) {
                logger.debug("Closing a JetStream consumer for '" + spec().pattern() + "' failed", ex);
            }
        }
        running.clear();
        if (!spec().grouped()) {
            for (ConsumerContext consumer : consumers) {
                try {
                    stream.deleteConsumer(consumer.getConsumerName());
                }
                catch (java.io.IOException | JetStreamApiException | RuntimeException ex) {
                    logger.debug("Could not delete the ephemeral consumer " + consumer.getConsumerName()
                            + "; the server removes it after " + EPHEMERAL_INACTIVE_MINUTES + " minutes", ex);
                }
            }
        }
    }

    private void settle(Runnable action, String what) {
        try {
            action.run();
        }
        catch (RuntimeException ex) {
            logger.warn("Could not " + what + " a JetStream message for '" + spec().pattern()
                    + "'; the server redelivers it after ack-wait", ex);
        }
    }

    /** A JetStream delivery: ack, nak with delay, term; the attempt comes from the message metadata. */
    private final class JetStreamDelivery implements Delivery {

        private final Inbound inbound;

        private final Envelope envelope;

        private final AtomicBoolean settled = new AtomicBoolean();

        JetStreamDelivery(Inbound inbound, Envelope envelope) {
            this.inbound = inbound;
            this.envelope = envelope;
        }

        @Override
        public Envelope envelope() {
            return envelope;
        }

        @Override
        public int deliveryAttempt() {
            return inbound.attempt();
        }

        @Override
        public void ack() {
            if (settled.compareAndSet(false, true)) {
                settle(inbound.message()::ack, "ack");
            }
        }

        @Override
        public void nack(Duration delay) {
            if (settled.compareAndSet(false, true)) {
                Message message = inbound.message();
                settle(delay.isZero() || delay.isNegative() ? message::nak : () -> message.nakWithDelay(delay), "nak");
            }
        }

        @Override
        public void reject() {
            if (settled.compareAndSet(false, true)) {
                settle(inbound.message()::term, "term");
            }
        }
    }
}
