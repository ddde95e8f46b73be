package dev.amb.broker.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import dev.amb.MessageSerializationException;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.BoundedDispatcher;
import dev.amb.spi.support.StructuredEnvelopeCodec;

/**
 * One subscription's queue: a poller thread long-polls it, a {@link BoundedDispatcher} hands the
 * messages to the bus, and every message the subscription holds (queued locally, in a handler, in
 * the bus's retry back-off or in a MANUAL handler that has not settled yet) has its visibility
 * extended by the broker's heartbeat, so long work is not redelivered mid-way.
 *
 * <p>At most {@code concurrency + maxMessages} messages are held; the poller asks for no more
 * than that. {@link #pause()} stops receiving and gives the messages not yet started back to the
 * queue at once (visibility 0), so the other members of a group take them.
 *
 * <p><b>Threading:</b> the poller thread {@code amb-sqs-poll[id]} only receives and hands over;
 * handlers run on the broker's worker pool (threads named {@code amb-sqs[id]} while they work);
 * settlement and heartbeats go through the {@link SqsSettler}. Every public method is thread safe.
 */
final class SqsSubscription implements BrokerSubscription {

    private static final Log logger = LogFactory.getLog(SqsSubscription.class);

    private static final String TOPIC_ATTRIBUTE = "topic";

    private final SqsResources resources;

    private final SubscriptionSpec spec;

    private final DeliveryHandler handler;

    private final String name;

    private final String kind;

    private volatile String url;

    private final String fallbackTopic;

    private final SqsSettler settler;

    private final BoundedDispatcher<SqsDelivery> dispatcher;

    private final Set<SqsDelivery> held = ConcurrentHashMap.newKeySet();

    private final int limit;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition room = lock.newCondition();

    private final Thread poller;

    private volatile CompletableFuture<ReceiveMessageResponse> receiving;

    private volatile boolean paused;

    private volatile boolean closed;

    SqsSubscription(SqsResources resources, SubscriptionSpec spec, DeliveryHandler handler, String name, String kind,
            String url) {
        this.resources = resources;
        this.spec = spec;
        this.handler = handler;
        this.name = name;
        this.kind = kind;
        this.url = url;
        this.fallbackTopic = spec.patterns().get(0);
        this.settler = new SqsSettler(resources.client(), url, resources.timer());
        SqsSettings settings = resources.settings();
        this.limit = spec.concurrency() + settings.maxMessages();
        this.dispatcher = new BoundedDispatcher<>("amb-sqs[" + spec.id() + "]", limit, spec.concurrency(),
                resources.workers(), this::handle, spec.nonBlocking());
        this.poller = new Thread(this::poll, "amb-sqs-poll[" + spec.id() + "]");
        this.poller.setDaemon(true);
    }

    void start() {
        poller.start();
    }

    String url() {
        return url;
    }

    boolean isBroadcast() {
        return SqsQueues.BROADCAST.equals(kind);
    }

    private void poll() {
        int failures = 0;
        while (!closed) {
            if (!waitForRoom()) {
                continue;
            }
            int wanted = Math.min(resources.settings().maxMessages(), limit - held.size());
            try {
                CompletableFuture<ReceiveMessageResponse> call = resources.client().receiveMessage(b -> b.queueUrl(url)
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds((int) resources.settings().waitTime().toSeconds())
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    .messageAttributeNames(TOPIC_ATTRIBUTE, SqsSender.ATTEMPTS_ATTRIBUTE));
                receiving = call;
                ReceiveMessageResponse response = call.get(resources.settings().waitTime().toSeconds() + 30,
                        TimeUnit.SECONDS);
                failures = 0;
                response.messages().forEach(this::accept);
            }
            catch (InterruptedException ex) {
                if (!closed) {
                    Thread.currentThread().interrupt();
                    logger.warn("SQS poller of '" + spec.id() + "' was interrupted; it stops");
                }
                return;
            }
            catch (ExecutionException | TimeoutException | RuntimeException ex) {
                if (closed) {
                    return;
                }
                failures++;
                Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
                if (cause instanceof QueueDoesNotExistException) {
                    recreate();
                }
                else if (failures == 1 || failures % 30 == 0) {
                    logger.warn("SQS receive on " + url + " for '" + spec.id() + "' failed (" + failures
                            + " time(s) in a row; retrying every second): " + cause.getMessage());
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** The queue vanished (the server lost its state): create it again under the same name. */
    private void recreate() {
        try {
            String created = resources.queues().create(name, kind, spec.patterns());
            if (!created.equals(url)) {
                resources.registry().removeLocal(url);
                url = created;
                settler.retarget(created);
            }
            resources.registry().addLocal(url, kind, spec.patterns());
            logger.warn("The SQS queue of '" + spec.id() + "' had disappeared and was created again: " + url);
        }
        catch (RuntimeException ex) {
            logger.warn("Could not re-create the SQS queue " + name + " of '" + spec.id() + "': " + ex.getMessage());
        }
    }

    private boolean waitForRoom() {
        lock.lock();
        try {
            if (!closed && (paused || held.size() >= limit)) {
                room.await(500, TimeUnit.MILLISECONDS);
                return false;
            }
            return !closed;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        finally {
            lock.unlock();
        }
    }

    private void sleep(Duration duration) {
        lock.lock();
        try {
            room.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            room.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void accept(Message message) {
        int attempt = Math.max(1, number(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
        var earlier = message.messageAttributes().get(SqsSender.ATTEMPTS_ATTRIBUTE);
        if (earlier != null) {
            attempt += Math.max(0, number(earlier.stringValue()));
        }
        SqsDelivery delivery = new SqsDelivery(this, decode(message), message.body(), message.receiptHandle(), attempt);
        held.add(delivery);
        if (paused || closed || !dispatcher.requeue(delivery)) {
            release(delivery);
        }
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    private Envelope decode(Message message) {
        byte[] bytes = message.body().getBytes(StandardCharsets.UTF_8);
        var topicAttribute = message.messageAttributes().get(TOPIC_ATTRIBUTE);
        String arrivedOn = topicAttribute != null && topicAttribute.stringValue() != null
                ? topicAttribute.stringValue() : fallbackTopic;
        try {
            return StructuredEnvelopeCodec.decode(bytes, arrivedOn);
        }
        catch (MessageSerializationException ex) {
            logger.debug("Invalid structured CloudEvent on " + url + "; handing the raw body to the bus's failure path",
                    ex);
            return Envelope.builder().id(message.messageId() != null ? message.messageId() : UUID.randomUUID().toString())
                .topic(arrivedOn).contentType(StructuredEnvelopeCodec.CONTENT_TYPE).data(bytes).build();
        }
    }

    private void handle(SqsDelivery delivery) {
        if (!delivery.start()) {
            return; // released by pause or close before a worker took it
        }
        try {
            handler.onDelivery(delivery);
        }
        catch (RuntimeException ex) {
            logger.error("The bus's delivery handler of '" + spec.id() + "' threw; the message is redelivered after"
                    + " its visibility timeout", ex);
        }
    }

    void delete(SqsDelivery delivery) {
        settler.delete(delivery.receiptHandle());
        forget(delivery);
    }

    void redeliver(SqsDelivery delivery, Duration delay) {
        settler.changeVisibility(delivery.receiptHandle(), delay);
        forget(delivery);
    }

    private void release(SqsDelivery delivery) {
        if (delivery.release()) {
            giveBack(delivery);
        }
        forget(delivery);
    }

    /**
     * Gives an unseen message back to the queue for any member. On a standard queue a copy carrying
     * the attempts made so far replaces it, so that its next receiver sees the attempt it would
     * have seen here (making it visible again would count one more receive); a FIFO queue makes it
     * visible again (a copy would lose its place in the group), so its receive count is one higher.
     */
    private CompletableFuture<?> giveBack(SqsDelivery delivery) {
        if (resources.settings().fifo()) {
            settler.changeVisibility(delivery.receiptHandle(), Duration.ZERO);
            return CompletableFuture.completedFuture(null);
        }
        return resources.sender().send(url, delivery.body(), null, null, delivery.deliveryAttempt() - 1)
            .whenComplete((ok, ex) -> {
                if (ex == null) {
                    settler.delete(delivery.receiptHandle());
                }
                else {
                    settler.changeVisibility(delivery.receiptHandle(), Duration.ZERO);
                }
            });
    }

    private void forget(SqsDelivery delivery) {
        if (held.remove(delivery)) {
            signal();
        }
    }

    /** Extends the visibility of every message held; on the broker's timer. */
    void heartbeat() {
        Duration visibility = resources.settings().visibilityTimeout();
        for (SqsDelivery delivery : held) {
            if (delivery.isHeld()) {
                settler.changeVisibility(delivery.receiptHandle(), visibility);
            }
        }
    }

    @Override
    public void pause() {
        paused = true;
        dispatcher.pause();
        held.forEach(delivery -> {
            if (delivery.release()) {
                giveBack(delivery);
                forget(delivery);
            }
        });
    }

    @Override
    public void resume() {
        if (closed) {
            return;
        }
        paused = false;
        dispatcher.resume();
        signal();
    }

    /**
     * @return the queue's approximate messages, waiting ({@code ApproximateNumberOfMessages}) and
     *     received but not yet deleted ({@code ApproximateNumberOfMessagesNotVisible}); one
     *     asynchronous GetQueueAttributes call
     */
    @Override
    public CompletableFuture<OptionalLong> lag() {
        try {
            return resources.client()
                .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .thenApply(response -> OptionalLong.of(response.attributes().values().stream()
                    .mapToLong(Long::parseLong).sum()));
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** @return the deliveries waiting for a handler thread */
    @Override
    public OptionalLong queued() {
        return OptionalLong.of(dispatcher.size());
    }

    @Override
    public boolean isActive() {
        return !closed;
    }

    @Override
    public void close() {
        close(resources.settings().shutdownTimeout());
    }

    @Override
    public void close(Duration grace) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        CompletableFuture<ReceiveMessageResponse> call = receiving;
        if (call != null) {
            call.cancel(true);
        }
        if (Thread.currentThread() != poller) {
            poller.interrupt();
        }
        signal();
        dispatcher.close(grace); // what it never started is still in held, as QUEUED
        List<CompletableFuture<?>> givenBack = new java.util.ArrayList<>();
        held.forEach(delivery -> {
            if (delivery.release()) {
                if (!isBroadcast()) { // a broadcast queue is deleted now: nobody else would read it
                    givenBack.add(giveBack(delivery));
                }
                forget(delivery);
            }
        });
        try {
            CompletableFuture.allOf(givenBack.toArray(CompletableFuture[]::new))
                .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            settler.drain().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException ex) {
            logger.debug("Settling the last messages of '" + spec.id() + "' did not finish in time", ex);
        }
        resources.closed(this, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}
