package dev.amb.broker.rabbit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbException;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.BoundedDispatcher;

/**
 * One AMB subscription on RabbitMQ: a queue (the group's durable queue, or an exclusive queue of
 * its own for a broadcast subscription), a channel of its own with manual acknowledgements and
 * {@code basic.qos} = concurrency + {@link RabbitSettings#prefetch()}, and a
 * {@link BoundedDispatcher} whose workers run the bus's handler.
 *
 * <p><b>Threading:</b> amqp-client's consumer thread only hands each message to the dispatcher
 * (never blocking: the dispatcher holds twice the prefetch, and a message it refuses goes back to
 * the queue); handlers run on the broker's worker pool, at most the subscription's concurrency at
 * once, in arrival order with concurrency 1. Settlements ({@link RabbitDelivery}) are written to
 * the channel from the worker that settles.
 *
 * <p><b>Pause</b> cancels the consumer ({@code basic.cancel}), so RabbitMQ sends this member
 * nothing more, and hands every message taken ahead but not started back to the queue
 * ({@code basic.nack} with requeue), where the group's other members get it. Resume consumes
 * again.
 *
 * <p><b>Reconnects</b> are amqp-client's automatic recovery; a channel that RabbitMQ closes over a
 * channel error (such as {@code consumer_timeout}) is opened again by the subscription itself: the channel, the consumer, the
 * exclusive queue and its bindings come back. Messages taken before the connection broke and not
 * yet started are dropped locally (RabbitMQ requeued them when the channel died); acknowledgements
 * of messages handled across the break are ignored by the client, and RabbitMQ delivers those
 * again (at-least-once).
 */
final class RabbitSubscription implements BrokerSubscription {

    private static final Log logger = LogFactory.getLog(RabbitSubscription.class);

    private final RabbitBroker broker;

    private final SubscriptionSpec spec;

    private final DeliveryHandler handler;

    private final String queue;

    private final BoundedDispatcher<Inbound> dispatcher;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final AtomicInteger generation = new AtomicInteger();

    private final Object lock = new Object();

    /** Messages taken from RabbitMQ and not yet started: what a pause hands back at once. */
    private final Set<Inbound> waiting = ConcurrentHashMap.newKeySet();

    private volatile boolean paused;

    private Channel channel;

    private String consumerTag;

    RabbitSubscription(RabbitBroker broker, SubscriptionSpec spec, DeliveryHandler handler) {
        this.broker = broker;
        this.spec = spec;
        this.handler = handler;
        RabbitTopology topology = broker.topology();
        this.queue = spec.grouped() ? topology.groupQueue(spec.groupKey()) : topology.broadcastQueue();
        int capacity = 2 * (spec.concurrency() + broker.settings().prefetch());
        this.dispatcher = new BoundedDispatcher<>("amb-rabbit[" + spec.id() + "]", capacity, spec.concurrency(),
                broker.workers(), this::work, spec.nonBlocking());
    }

    /** The queue this subscription consumes from. */
    String queue() {
        return queue;
    }

    SubscriptionSpec spec() {
        return spec;
    }

    /** The channel it consumes on now (tests break it to see the subscription recover). */
    Channel channel() {
        synchronized (lock) {
            return channel;
        }
    }

    /** Declares the queue and its bindings and starts consuming; returns once RabbitMQ consumes. */
    void open() {
        RabbitTopology topology = broker.topology();
        if (spec.grouped()) {
            topology.declareGroupQueue(queue, spec.patterns());
        }
        else {
            topology.declareBroadcastQueue(queue, spec.patterns());
        }
        synchronized (lock) {
            try {
                openChannel();
                consume();
            }
            catch (IOException | RuntimeException ex) {
                throw RabbitTopology.failure("a consumer on queue '" + queue + "'", ex);
            }
        }
    }

    /** Must hold the lock. */
    private void openChannel() throws IOException {
        Channel opened = broker.consumeConnection().createChannel();
        if (opened == null) {
            throw new IOException("no channel available (channel_max reached)");
        }
        opened.addShutdownListener(cause -> {
            generation.incrementAndGet();
            if (!cause.isHardError() && !cause.isInitiatedByApplication() && !closed.get()) {
                // a channel error (for example consumer_timeout: a message held unacknowledged too
                // long) closes only this channel, which amqp-client does not recover
                logger.warn("RabbitMQ closed the channel of subscription '" + spec.id() + "' (" + cause.getMessage()
                        + "); its unacknowledged messages go back to the queue, and it consumes again in 1 s");
                reopenLater(1);
            }
        });
        opened.basicQos(spec.concurrency() + broker.settings().prefetch());
        channel = opened;
        consumerTag = null;
    }

    private void reopenLater(long seconds) {
        try {
            broker.timer().schedule(this::reopen, seconds, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (java.util.concurrent.RejectedExecutionException ex) {
            // the broker is closing
        }
    }

    private void reopen() {
        synchronized (lock) {
            if (closed.get() || channel.isOpen()) {
                return;
            }
            try {
                openChannel();
                if (!paused) {
                    consume();
                }
            }
            catch (IOException | RuntimeException ex) {
                logger.warn("Could not reopen the channel of subscription '" + spec.id() + "' on queue '" + queue
                        + "' (" + ex.getMessage() + "); trying again in 5 s");
                reopenLater(5);
            }
        }
    }

    /** Must hold the lock. */
    private void consume() throws IOException {
        consumerTag = channel.basicConsume(queue, false, new Consumer(channel));
    }

    private void work(Inbound inbound) {
        if (!waiting.remove(inbound)) {
            return; // a pause handed it back already
        }
        if (inbound.generation() != generation.get() || closed.get()) {
            return; // taken on a channel that has since closed: RabbitMQ has it back already
        }
        if (paused) {
            requeue(inbound);
            return;
        }
        dev.amb.spi.Envelope envelope = RabbitHeaderCodec.decode(inbound.routingKey(), inbound.properties(),
                inbound.body());
        handler.onDelivery(new RabbitDelivery(this, inbound, envelope));
    }

    void ack(Inbound inbound) {
        try {
            channel.basicAck(inbound.deliveryTag(), false);
        }
        catch (IOException | RuntimeException ex) {
            logger.debug("Could not acknowledge a message of subscription '" + spec.id() + "' (RabbitMQ will deliver it"
                    + " again): " + ex.getMessage());
        }
    }

    void requeue(Inbound inbound) {
        try {
            channel.basicNack(inbound.deliveryTag(), false, true);
        }
        catch (IOException | RuntimeException ex) {
            logger.debug("Could not return a message of subscription '" + spec.id() + "' to its queue (RabbitMQ will"
                    + " deliver it again when the channel closes): " + ex.getMessage());
        }
    }

    RabbitBroker broker() {
        return broker;
    }

    @Override
    public void pause() {
        synchronized (lock) {
            if (paused || closed.get()) {
                return;
            }
            paused = true;
            cancelConsumer();
        }
        handBack();
    }

    /** Returns every message taken ahead but not started to the queue, for the group's other members. */
    private void handBack() {
        for (Inbound inbound : List.copyOf(waiting)) {
            if (waiting.remove(inbound)) {
                requeue(inbound);
            }
        }
    }

    /** Must hold the lock. */
    private void cancelConsumer() {
        String tag = consumerTag;
        consumerTag = null;
        if (tag != null && channel.isOpen()) {
            try {
                channel.basicCancel(tag);
            }
            catch (IOException | RuntimeException ex) {
                logger.debug("Could not cancel the consumer of subscription '" + spec.id() + "': " + ex.getMessage());
            }
        }
    }

    @Override
    public void resume() {
        synchronized (lock) {
            if (!paused || closed.get()) {
                return;
            }
            try {
                consume();
            }
            catch (IOException | RuntimeException ex) {
                throw new AmbException("Could not resume subscription '" + spec.id() + "' on RabbitMQ queue '" + queue
                        + "': " + ex.getMessage(), ex);
            }
            paused = false;
        }
    }

    /** @return the deliveries waiting for a handler thread */
    @Override
    public OptionalLong queued() {
        return OptionalLong.of(dispatcher.size());
    }

    /**
     * @return the queue's depth (ready messages, by a passive declare), asked on an adapter worker
     *     thread: the call blocks
     */
    @Override
    public CompletableFuture<OptionalLong> lag() {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return OptionalLong.of(broker.topology().depth(queue));
                }
                catch (IOException ex) {
                    throw new CompletionException(ex);
                }
            }, broker.workers());
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    @Override
    public boolean isActive() {
        return !closed.get();
    }

    @Override
    public void close() {
        close(broker.settings().shutdownGrace());
    }

    @Override
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            cancelConsumer();
        }
        handBack();
        dispatcher.close(grace);
        synchronized (lock) {
            if (channel != null && channel.isOpen()) {
                try {
                    channel.close();
                }
                catch (IOException | TimeoutException | RuntimeException ex) {
                    // the connection is closing; RabbitMQ requeues what was not acknowledged
                }
            }
        }
        if (!spec.grouped()) {
            broker.topology().deleteQueue(queue);
        }
        broker.unregister(this);
    }

    @Override
    public String toString() {
        return "RabbitSubscription[" + spec.id() + " on " + queue + "]";
    }

    /**
     * A message taken from RabbitMQ.
     * @param deliveryTag its tag on the channel
     * @param routingKey the routing key it arrived with
     * @param properties its properties
     * @param body its body
     * @param generation the channel generation it arrived on
     */
    record Inbound(long deliveryTag, String routingKey, AMQP.BasicProperties properties, byte[] body,
            int generation) {
    }

    private final class Consumer extends DefaultConsumer {

        Consumer(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            Inbound inbound = new Inbound(envelope.getDeliveryTag(), envelope.getRoutingKey(), properties, body,
                    generation.get());
            waiting.add(inbound);
            if (paused) {
                handBack();
            }
            else if (!dispatcher.offer(inbound) && waiting.remove(inbound)) {
                requeue(inbound);
            }
        }

        @Override
        public void handleCancel(String tag) {
            logger.warn("RabbitMQ cancelled the consumer of subscription '" + spec.id() + "' on queue '" + queue
                    + "' (was the queue deleted?); it receives nothing until it is subscribed again");
        }
    }
}
