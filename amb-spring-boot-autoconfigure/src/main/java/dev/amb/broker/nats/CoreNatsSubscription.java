package dev.amb.broker.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.Subscription;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.spi.Delivery;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.LocalDelivery;
import dev.amb.spi.support.PatternSet;
import dev.amb.topic.TopicPattern;
import dev.amb.topic.Topics;

/**
 * A subscription on core NATS: one jnats subscription per translated subject of each of its
 * patterns (see {@link NatsSubjects}), all on one jnats dispatcher of its own. At-most-once: a
 * message is gone once handed over; {@code nack(delay)} redelivers it to this subscription from the
 * adapter's timer with the attempt count raised, and messages still queued when the subscription
 * closes are discarded (and counted).
 *
 * <p><b>Several patterns:</b> a grouped subscription subscribes every subject with the same NATS
 * queue group, named after its {@link dev.amb.spi.GroupKey}: the server delivers a message once per
 * queue group, whichever of the group's subjects it matched, so each message reaches one member
 * once. A broadcast subscription receives a message once per matching subject and keeps only the
 * copy that arrived for the first declared pattern the topic matches ({@link PatternSet#owner}).
 *
 * <p><b>Pause:</b> a grouped subscription unsubscribes while paused (the server then routes the
 * group's messages to the other members) and subscribes again on resume; a broadcast subscription
 * keeps receiving, and its messages wait in the bounded queue.
 *
 * <p>A message that arrives with a NATS reply subject (a native request, from AMB or a plain
 * client) and without an AMB {@code replyto} gets the reply subject as its {@code replyto}, so
 * responders answer through the bus's normal publish path.
 *
 * <p><b>Threading:</b> the jnats dispatcher thread hands messages over; subscribing and
 * unsubscribing run on the caller's thread under the subscription's pause lock.
 */
final class CoreNatsSubscription extends NatsSubscription {

    /** How long resuming waits for the server to confirm the queue subscriptions (then it retries). */
    static final Duration RESUBSCRIBE_TIMEOUT = Duration.ofSeconds(2);

    private final List<TopicPattern> patterns;

    private final PatternSet patternSet;

    private final List<Subscription> subscriptions = new ArrayList<>(2);

    private final String inboxPrefix;

    private final Dispatcher natsDispatcher;

    CoreNatsSubscription(NatsResources resources, SubscriptionSpec spec, DeliveryHandler handler) {
        super(resources, spec, handler, resources.settings().maxQueueSize());
        this.patternSet = PatternSet.of(spec.patterns());
        this.patterns = patternSet.patterns();
        this.inboxPrefix = resources.inboxPrefix();
        this.natsDispatcher = resources.connection().createDispatcher();
    }

    @Override
    void open() {
        subscribeAll();
        flush("subscription", Duration.ofSeconds(10));
    }

    private void subscribeAll() {
        for (int i = 0; i < patterns.size(); i++) {
            TopicPattern pattern = patterns.get(i);
            int index = i;
            MessageHandler onMessage = message -> onMessage(message, pattern.isLiteral(), index);
            for (String subject : NatsSubjects.translate(pattern, "").subjects()) {
                subscriptions.add(spec().grouped() ? natsDispatcher.subscribe(subject, queueName(), onMessage)
                        : natsDispatcher.subscribe(subject, onMessage));
            }
        }
    }

    private void unsubscribeAll() {
        for (Subscription subscription : subscriptions) {
            try {
                natsDispatcher.unsubscribe(subscription);
            }
            catch (RuntimeException ex) {
                // the dispatcher or connection is already closed
            }
        }
        subscriptions.clear();
    }

    private void flush(String what, Duration timeout) {
        try {
            resources.connection().flush(timeout);
        }
        catch (TimeoutException ex) {
            throw new AmbException("NATS did not confirm the " + what + " to " + spec().patterns()
                    + " within " + timeout.toSeconds() + " s (connection " + resources.connection().getStatus() + ")", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AmbException("Interrupted while subscribing to " + spec().patterns(), ex);
        }
    }

    /** The NATS queue group of this subscription's work queue (see {@link dev.amb.spi.GroupKey}). */
    private String queueName() {
        return spec().groupKey().name(200);
    }

    private void onMessage(Message message, boolean literal, int pattern) {
        String subject = message.getSubject();
        if (!literal && (subject.startsWith(inboxPrefix) || !Topics.isValidTopic(subject))) {
            return; // request/reply plumbing or a subject that is no AMB topic, caught by a wildcard
        }
        if (!spec().grouped() && patterns.size() > 1 && patternSet.owner(subject) != pattern) {
            return; // another pattern's subscription receives the same message (or no pattern matches)
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
    boolean holdsWhilePaused() {
        return true;
    }

    @Override
    void pauseSource() {
        if (spec().grouped()) {
            unsubscribeAll(); // the server routes the group's messages to the other members
        }
        // a broadcast subscription's messages wait in the bounded queue, then in jnats' pending buffer
    }

    @Override
    void resumeSource() {
        if (spec().grouped() && subscriptions.isEmpty()) {
            subscribeAll();
            try {
                flush("resubscription", RESUBSCRIBE_TIMEOUT);
            }
            catch (RuntimeException ex) {
                unsubscribeAll();
                throw ex;
            }
        }
    }

    @Override
    void closeSource() {
        unsubscribeAll();
    }

    @Override
    void closeTransport() {
        try {
            resources.connection().closeDispatcher(natsDispatcher);
        }
        catch (RuntimeException ex) {
            // the connection is already closed, and the dispatcher with it
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
