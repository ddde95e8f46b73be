package dev.amb.broker.memory;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.BinaryEnvelopeCodec;
import dev.amb.spi.support.BoundedDispatcher;
import dev.amb.spi.support.GroupMembers;
import dev.amb.spi.support.LocalDelivery;
import dev.amb.topic.TopicPattern;

/**
 * One subscription on the memory broker: its bounded queue and the workers that drain it into
 * the bus's {@link DeliveryHandler}. A broadcast consumer is itself a route; a grouped consumer is
 * a member of a {@link MemoryGroup}.
 */
final class MemoryConsumer implements BrokerSubscription, MemoryRoute, GroupMembers.Member {

    private final MemoryBroker broker;

    private final SubscriptionSpec spec;

    private final List<TopicPattern> patterns;

    private final DeliveryHandler handler;

    private final BoundedDispatcher<Frame> dispatcher;

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile boolean paused;

    private volatile MemoryGroup group;

    MemoryConsumer(MemoryBroker broker, SubscriptionSpec spec, List<TopicPattern> patterns, DeliveryHandler handler) {
        this.broker = broker;
        this.spec = spec;
        this.patterns = patterns;
        this.handler = handler;
        this.dispatcher = new BoundedDispatcher<>(broker.threadPrefix() + "[" + spec.id() + "]", broker.settings().maxQueueSize(),
                spec.concurrency(), broker.deliveryExecutor(), this::deliver, spec.nonBlocking());
    }

    private void deliver(Frame frame) {
        Envelope envelope = BinaryEnvelopeCodec.decode(frame.bytes());
        handler.onDelivery(new LocalDelivery<>(envelope, frame.attempt(), frame, Frame::nextAttempt,
                this::redeliverLater));
    }

    SubscriptionSpec spec() {
        return spec;
    }

    List<TopicPattern> patterns() {
        return patterns;
    }

    void joined(MemoryGroup group) {
        this.group = group;
    }

    @Override
    public int pending() {
        return dispatcher.size();
    }

    @Override
    public boolean accepting() {
        return !paused && !closed.get();
    }

    @Override
    public Offer offer(Frame frame) {
        if (dispatcher.offer(frame)) {
            return Offer.ACCEPTED;
        }
        return dispatcher.isClosed() ? Offer.GONE : Offer.FULL;
    }

    @Override
    public boolean redeliver(Frame frame) {
        return dispatcher.requeue(frame);
    }

    @Override
    public String name() {
        return spec.id();
    }

    void redeliverLater(Frame frame, Duration delay) {
        broker.schedule(delay, () -> {
            MemoryGroup g = group;
            boolean queued = g != null ? g.redeliver(frame) : redeliver(frame);
            if (!queued) {
                broker.discarded(spec.id(), 1, "its subscription closed before the redelivery was due");
            }
        });
    }

    @Override
    public void pause() {
        paused = true;
        dispatcher.pause();
    }

    @Override
    public void resume() {
        paused = false;
        dispatcher.resume();
    }

    /** @return the deliveries waiting for a handler thread */
    @Override
    public OptionalLong queued() {
        return OptionalLong.of(dispatcher.size());
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
        broker.unregister(this);
        List<Frame> leftover = dispatcher.close(grace);
        MemoryGroup g = group;
        int lost = 0;
        for (Frame frame : leftover) {
            if (g == null || !g.redeliver(frame)) {
                lost++;
            }
        }
        if (lost > 0) {
            broker.discarded(spec.id(), lost, "they were queued when the subscription closed");
        }
    }

    @Override
    public String toString() {
        return "MemoryConsumer[" + spec.id() + "]";
    }
}
