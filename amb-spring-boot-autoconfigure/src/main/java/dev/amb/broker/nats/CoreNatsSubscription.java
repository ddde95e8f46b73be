package dev.amb.broker.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.nats.client.Message;
import io.nats.client.Subscription;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.support.LocalDelivery;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.topic.Topics;

/**
 * A subscription on core NATS: one or two subjects (see {@link NatsSubjects}), with the AMB group
 * as the NATS queue group. At-most-once: a message is gone once handed over; {@code nack(delay)}
 * redelivers it to this subscription from the adapter's timer with the attempt count raised, and
 * messages still queued when the subscription closes are discarded (and counted).
 *
 * <p>A message that arrives with a NATS reply subject (a native request, from AMB or a plain
 * client) and without an AMB {@code replyto} gets the reply subject as its {@code replyto}, so
 * responders answer through the bus's normal publish path.
 */
final class CoreNatsSubscription extends NatsSubscription {

    private final NatsSubjects.Translation translation;

    private final List<Subscription> subscriptions = new ArrayList<>(2);

    private final boolean literal;

    private final String inboxPrefix;

    CoreNatsSubscription(NatsResources resources, SubscriptionSpec spec, DeliveryHandler handler,
            NatsSubjects.Translation translation, boolean literal) {
        super(resources, spec, handler);
        this.translation = translation;
        this.literal = literal;
        this.inboxPrefix = resources.inboxPrefix();
    }

    @Override
    void open() {
        for (String subject : translation.subjects()) {
            subscriptions.add(spec().grouped() ? natsDispatcher.subscribe(subject, spec().group(), this::onMessage)
                    : natsDispatcher.subscribe(subject, this::onMessage));
        }
        try {
            resources.connection().flush(Duration.ofSeconds(10));
        }
        catch (TimeoutException ex) {
            throw new AmbException("NATS did not confirm the subscription to " + translation.subjects() + " for '"
                    + spec().pattern() + "' within 10 s (connection " + resources.connection().getStatus() + ")", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AmbException("Interrupted while subscribing to '" + spec().pattern() + "'", ex);
        }
    }

    private void onMessage(Message message) {
        String subject = message.getSubject();
        if (!literal && (subject.startsWith(inboxPrefix) || !Topics.isValidTopic(subject))) {
            return; // request/reply plumbing or a subject that is no AMB topic, caught by a wildcard
        }
        receive(message, subject, 1);
    }

    @Override
    Delivery delivery(Inbound inbound, Envelope envelope) {
        String replyTo = inbound.message().getReplyTo();
        if (replyTo != null && envelope.replyTo() == null) {
            envelope = envelope.toBuilder().extension(AmbHeaders.EXT_REPLY_TO, replyTo).build();
        }
        return new LocalDelivery<>(envelope, inbound.attempt(), inbound, Inbound::nextAttempt, this::redeliverLater);
    }

    @Override
    void abandon(Inbound inbound) {
        resources.discarded(spec().id(), 1, "the subscription closed before they were handled");
    }

    @Override
    void abandonAll(List<Inbound> leftover) {
        resources.discarded(spec().id(), leftover.size(), "they were queued when the subscription closed");
    }

    @Override
    void pauseSource() {
        // core NATS cannot hold messages: they wait in the bounded queue, then in jnats' pending buffer
    }

    @Override
    void resumeSource() {
    }

    @Override
    void closeSource() {
        for (Subscription subscription : subscriptions) {
            natsDispatcher.unsubscribe(subscription);
        }
    }

    /** Core NATS keeps nothing: nack queues the message again from the adapter's timer. */
    private void redeliverLater(Inbound next, Duration delay) {
        boolean scheduled = resources.schedule(delay, () -> {
            if (!requeue(next)) {
                resources.discarded(spec().id(), 1, "the subscription closed before the redelivery was due");
            }
        });
        if (!scheduled) {
            resources.discarded(spec().id(), 1, "the broker closed before the redelivery was due");
        }
    }
}
