package dev.amb.broker.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.NoRespondersException;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.ReplyInboxes;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.StructuredEnvelopeCodec;
import dev.amb.topic.TopicPattern;

/**
 * The Amazon SQS broker: AMB's topics, wildcards and groups built from queues.
 *
 * <p><b>Mapping:</b> every subscription is a queue. A grouped subscription uses its group's work
 * queue {@code <prefix>-g-<GroupKey.name>} (shared by every member, in any instance, kept when
 * they leave: durable); a broadcast subscription gets a queue of its own,
 * {@code <prefix>-b-<instance>-<n>}, deleted when it closes. The queue's tags register its
 * patterns ({@link SqsQueues}). A publisher sends each message to every queue whose pattern set
 * matches the topic, with AMB's exact pattern semantics ({@link SqsRegistry}): its own instance's
 * subscriptions at once, other instances' within {@link SqsSettings#registryRefresh()}. A message
 * matching several patterns of one subscription reaches its queue once.
 *
 * <p><b>Wire format:</b> the body is the structured CloudEvents JSON of the envelope (SQS bodies
 * are text; binary data travels as {@code data_base64}); no message attributes are needed, so
 * SQS's limit of ten never applies. A body that is not a CloudEvent is delivered as the data of an
 * envelope on the topic in its {@code topic} string attribute, or else on the subscription's first
 * pattern.
 *
 * <p><b>Delivery:</b> at-least-once. Settlement is batched: {@code ack} and {@code reject} delete
 * the message, {@code nack(delay)} sets its visibility to the delay (whole seconds), and the
 * attempt number is SQS's {@code ApproximateReceiveCount}. With {@code fifo} the queues are FIFO
 * queues, ordered per message group (the {@code partitionkey} extension, else the topic) and
 * deduplicated on the CloudEvents id.
 *
 * <p><b>Request/reply:</b> the bus's own correlation over its inbox subscription (a broadcast
 * queue named after the inbox topic, so a responder's instance finds it by name at once, before
 * its registry refresh lists it). A request (an envelope with a {@code replyto}) to a topic no
 * known queue matches re-reads the registry once (a responder may have subscribed on another
 * instance since the last refresh) and then fails with {@link NoRespondersException}.
 *
 * <p><b>Threading:</b> thread safe; {@link #publish(Envelope)} never blocks; see
 * {@link SqsResources} and {@link SqsSubscription} for the threads.
 *
 * @since 0.3.0
 */
public final class SqsBroker implements Broker {

    private final SqsResources resources;

    private final SqsSender sender;

    private final BrokerCapabilities capabilities;

    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the broker on a client.
     * @param client the SQS client
     * @param ownsClient {@code true} when closing the broker closes the client
     * @param settings the settings
     */
    public SqsBroker(SqsAsyncClient client, boolean ownsClient, SqsSettings settings) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        this.resources = new SqsResources(client, ownsClient, settings);
        this.sender = resources.sender();
        this.capabilities = new BrokerCapabilities(true, settings.fifo(), true, true, true, false,
                settings.maxMessageBytes());
    }

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public BrokerCapabilities capabilities() {
        return capabilities;
    }

    /**
     * SQS has no connection to watch; this reports the last outcome of the registry refresh, the
     * adapter's regular round trip to SQS (every {@code amb.sqs.registry-refresh}). Never blocks.
     * @return why the last refresh failed, or {@code null} when it succeeded
     */
    @Override
    public String connectionProblem() {
        return closed.get() ? "the SQS broker is closed" : resources.connectionProblem();
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new AmbException("The SQS broker is closed; cannot publish to '"
                    + envelope.topic() + "'"));
        }
        try {
            List<String> targets = resources.registry().targets(envelope.topic());
            if (!targets.isEmpty()) {
                return send(envelope, targets);
            }
            if (ReplyInboxes.isInbox(envelope.topic())) {
                return resources.inboxes()
                    .url(envelope.topic())
                    .thenCompose(url -> url == null ? CompletableFuture.<Void>completedFuture(null)
                            : send(envelope, List.of(url)));
            }
            if (envelope.extensions().containsKey(AmbHeaders.EXT_REPLY_TO)) {
                // the responder may have subscribed on another instance since the last refresh
                return resources.refreshRegistryNow().handle((refreshed, ex) -> null).thenCompose(refreshed -> {
                    List<String> found = resources.registry().targets(envelope.topic());
                    return found.isEmpty() ? CompletableFuture.<Void>failedFuture(
                            new NoRespondersException(envelope.topic(), Duration.ZERO, name())) : send(envelope, found);
                });
            }
            return CompletableFuture.completedFuture(null);
        }
        catch (RuntimeException ex) {
            return failure(envelope, ex);
        }
    }

    /** Sends one copy of the envelope to each of the queues. */
    private CompletableFuture<Void> send(Envelope envelope, List<String> targets) {
        try {
            byte[] bytes = StructuredEnvelopeCodec.encode(envelope);
            int max = resources.settings().maxMessageBytes();
            if (bytes.length > max) {
                return CompletableFuture.failedFuture(new AmbException("The message for '" + envelope.topic()
                        + "' is " + bytes.length + " bytes as CloudEvents JSON; SQS takes at most " + max
                        + " (amb.sqs.max-message-size, up to 1MB)"));
            }
            String body = new String(bytes, StandardCharsets.UTF_8);
            String groupId = null;
            String deduplicationId = null;
            if (resources.settings().fifo()) {
                String key = envelope.extensions().get("partitionkey");
                groupId = SqsFifo.groupId(key != null ? key : envelope.topic());
                deduplicationId = SqsFifo.deduplicationId(envelope.id());
            }
            List<CompletableFuture<Void>> sends = new ArrayList<>(targets.size());
            for (String url : targets) {
                sends.add(sender.send(url, body, groupId, deduplicationId, 0));
            }
            return sends.size() == 1 ? sends.get(0) : CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        }
        catch (RuntimeException ex) {
            return failure(envelope, ex);
        }
    }

    private static CompletableFuture<Void> failure(Envelope envelope, RuntimeException ex) {
        return CompletableFuture.failedFuture(ex instanceof AmbException ? ex
                : new AmbException("Could not publish to '" + envelope.topic() + "' on SQS: " + ex.getMessage(), ex));
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        if (closed.get()) {
            throw new IllegalStateException("The SQS broker is closed; cannot subscribe '" + spec.id() + "'");
        }
        String kind = spec.grouped() ? SqsQueues.GROUP : SqsQueues.BROADCAST;
        String queueName = spec.grouped() ? resources.queues().groupQueueName(spec.groupKey())
                : isInbox(spec) ? resources.queues().inboxQueueName(spec.patterns().get(0))
                : resources.nextBroadcastName();
        String url = resources.queues().create(queueName, kind, spec.patterns());
        SqsSubscription subscription = new SqsSubscription(resources, spec, handler, queueName, kind, url);
        resources.registry().addLocal(url, kind, spec.patterns());
        resources.opened(subscription);
        subscription.start();
        if (closed.get()) {
            subscription.close(Duration.ZERO);
            throw new IllegalStateException("The SQS broker is closed; cannot subscribe '" + spec.id() + "'");
        }
        return subscription;
    }

    /** The bus's reply inbox: one literal {@code amb.inbox.*} topic, not grouped. */
    private static boolean isInbox(SubscriptionSpec spec) {
        return spec.patterns().size() == 1 && ReplyInboxes.isInbox(spec.patterns().get(0))
                && TopicPattern.of(spec.patterns().get(0)).isLiteral();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            resources.close(resources.settings().shutdownTimeout());
        }
    }
}
