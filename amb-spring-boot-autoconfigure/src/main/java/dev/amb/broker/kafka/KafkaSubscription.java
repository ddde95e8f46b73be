package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.AdapterThreads;
import dev.amb.spi.support.BoundedDispatcher;

/**
 * One subscription: a {@link KafkaConsumer} owned by one poll thread, and a
 * {@link BoundedDispatcher} whose workers run the handler, so that a slow handler never keeps the
 * poll loop from polling (and the consumer never misses {@code max.poll.interval.ms}).
 *
 * <p><b>Flow control:</b> when the subscription holds {@code maxInFlight} unsettled records, or
 * is paused, the poll loop pauses every assigned partition (it keeps polling, so heartbeats and
 * rebalances go on) and resumes them when there is room again. While it is full the poll thread
 * waits for room rather than in a poll that could return nothing, and the record that makes room
 * wakes it, so a subscription that is as fast as its publishers never idles out a poll interval.
 * A paused grouped subscription also leaves its group until resumed ({@link GroupSubscription}).
 *
 * <p><b>Settlement:</b> ack and reject mark the offset settled; nack keeps it unsettled and hands
 * the record to the broker's timer, which queues it again after the delay with the next attempt
 * number. The committed offset of a partition is always its first unsettled offset
 * ({@link PartitionProgress}), so a restart or rebalance redelivers every message not yet settled.
 *
 * <p><b>Threading:</b> the consumer is used only by the poll thread ({@code amb-kafka-<id>});
 * handlers run on the broker's worker threads, at most the spec's concurrency at once; delayed
 * redeliveries are queued by the broker's timer thread. Public methods are thread safe.
 */
abstract class KafkaSubscription implements BrokerSubscription {

    private static final Log logger = LogFactory.getLog(KafkaSubscription.class);

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    protected final KafkaRuntime runtime;

    protected final SubscriptionSpec spec;

    protected final KafkaConsumer<byte[], byte[]> consumer;

    protected final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();

    private final DeliveryHandler handler;

    private final BoundedDispatcher<KafkaDelivery> dispatcher;

    private final AtomicInteger inFlight = new AtomicInteger();

    /** Set while the poll thread waits for room (see {@link #awaitRoom()}). */
    private volatile boolean waitingForRoom;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final Thread pollThread;

    private volatile boolean paused;

    /** Set when the poll loop must stop taking records; the loop then leaves. */
    protected volatile boolean stopping;

    KafkaSubscription(KafkaRuntime runtime, SubscriptionSpec spec, DeliveryHandler handler,
            KafkaConsumer<byte[], byte[]> consumer) {
        this.runtime = runtime;
        this.spec = spec;
        this.handler = handler;
        this.consumer = consumer;
        this.dispatcher = new BoundedDispatcher<>("amb-kafka-" + spec.id(), runtime.settings().maxInFlight(),
                spec.concurrency(), runtime.workers(), this::handle, spec.nonBlocking());
        this.pollThread = AdapterThreads.daemon("amb-kafka-poll-" + spec.id()).newThread(this::pollLoop);
    }

    /** Starts the poll thread; the consumer belongs to it from now on. */
    protected void startPolling() {
        pollThread.start();
    }

    /** Runs on the poll thread before the first poll. */
    protected abstract void beforeFirstPoll();

    /** Runs on the poll thread before every poll (discovery). */
    protected abstract void beforePoll();

    /** @return {@code false} while there is nothing to poll (a broadcast subscription with no partition) */
    protected boolean hasWork() {
        return true;
    }

    /** Runs on the poll thread after every poll (commits). */
    protected abstract void afterPoll();

    /** Runs on the poll thread when the loop ends, before the consumer closes (final commit). */
    protected abstract void beforeClose();

    /** Set by the poll thread when its loop ended without being stopped. */
    private volatile String failure;

    private void pollLoop() {
        try {
            beforeFirstPoll();
            while (!stopping) {
                try {
                    beforePoll();
                    if (!hasWork()) {
                        sleep(POLL_TIMEOUT);
                        continue;
                    }
                    boolean full = applyFlowControl();
                    // full: every assigned partition is paused, so the poll need not wait; it keeps the consumer alive
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(full ? Duration.ZERO : POLL_TIMEOUT);
                    if (!stopping) {
                        records.forEach(this::take);
                    }
                    afterPoll();
                    if (full) {
                        awaitRoom();
                    }
                }
                catch (RuntimeException ex) {
                    if (!stopping) {
                        logger.warn("Kafka subscription '" + spec.id() + "' failed to poll; polling again in 1 s: "
                                + ex, ex);
                        sleep(Duration.ofSeconds(1));
                    }
                }
            }
        }
        catch (RuntimeException ex) {
            failure = "its Kafka consumer could not start polling: " + ex;
            logger.error("Kafka subscription '" + spec.id() + "' could not start polling", ex);
        }
        finally {
            if (!stopping && failure == null) {
                failure = "its Kafka poll loop ended unexpectedly (see the log)";
            }
            try {
                beforeClose();
            }
            catch (RuntimeException ex) {
                logger.warn("Kafka subscription '" + spec.id() + "' could not commit its last offsets: " + ex);
            }
            try {
                consumer.close(CONSUMER_CLOSE_TIMEOUT);
            }
            catch (RuntimeException ex) {
                logger.debug("Closing the consumer of Kafka subscription '" + spec.id() + "' failed", ex);
            }
        }
    }

    /**
     * Pauses or resumes the assigned partitions.
     * @return {@code true} when the subscription holds as many unsettled records as it may (and is
     *         not paused by its owner)
     */
    private boolean applyFlowControl() {
        boolean full = inFlight.get() >= runtime.settings().maxInFlight();
        if (paused || full) {
            consumer.pause(consumer.assignment());
        }
        else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        return full && !paused;
    }

    /**
     * Waits, at most one poll interval, until a settled record makes room, the subscription is
     * paused or it stops. Runs on the poll thread; {@link #oneLessInFlight()} wakes it.
     */
    private void awaitRoom() {
        waitingForRoom = true;
        try {
            long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
            while (!stopping && !paused && inFlight.get() >= runtime.settings().maxInFlight()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        }
        finally {
            waitingForRoom = false;
        }
    }

    /** One record less in flight; wakes the poll thread when it waits for room and there is some now. */
    private void oneLessInFlight() {
        if (inFlight.decrementAndGet() < runtime.settings().maxInFlight() && waitingForRoom) {
            LockSupport.unpark(pollThread);
        }
    }

    /** @return {@code true} between {@link #pause()} and {@link #resume()} */
    protected boolean isPaused() {
        return paused;
    }

    /** @return {@code true} when fetching should stay paused (called from rebalance callbacks) */
    protected boolean holding() {
        return paused || inFlight.get() >= runtime.settings().maxInFlight();
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        PartitionProgress partition = progress.get(new TopicPartition(record.topic(), record.partition()));
        String topic = runtime.names().ambTopic(record.topic());
        if (partition == null || partition.isRevoked() || topic == null) {
            return;
        }
        Envelope envelope = runtime.decode(record, topic);
        partition.track(record.offset());
        inFlight.incrementAndGet();
        if (!dispatcher.requeue(new KafkaDelivery(this, record, envelope, 1, partition))) {
            oneLessInFlight();
        }
    }

    private void handle(KafkaDelivery delivery) {
        PartitionProgress partition = delivery.progress();
        if (partition.isRevoked()) {
            oneLessInFlight();
            return;
        }
        partition.started();
        try {
            handler.onDelivery(delivery);
        }
        catch (RuntimeException ex) {
            logger.error("Kafka subscription '" + spec.id() + "': the handler threw; redelivering " + delivery, ex);
            delivery.nack(Duration.ofSeconds(1));
        }
    }

    /** An ack or reject: the offset is done. */
    void settled(KafkaDelivery delivery) {
        delivery.progress().settle(delivery.record().offset());
        delivery.progress().released();
        oneLessInFlight();
    }

    /** A nack: queue the record again after the delay, one attempt later. */
    void redeliver(KafkaDelivery delivery, Duration delay) {
        delivery.progress().released();
        KafkaDelivery next = delivery.next();
        Runnable requeue = () -> {
            if (!dispatcher.requeue(next)) {
                oneLessInFlight();
            }
        };
        if (delay.isZero()) {
            requeue.run();
        }
        else {
            try {
                runtime.timer().schedule(requeue, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
            catch (java.util.concurrent.RejectedExecutionException ex) {
                oneLessInFlight();
            }
        }
    }

    /**
     * Marks partitions as no longer ours and waits (bounded) for their running handlers to settle,
     * so that what they settled can still be committed. Runs on the poll thread.
     * @param partitions the partitions leaving
     */
    protected void revoke(Collection<TopicPartition> partitions) {
        List<PartitionProgress> leaving = partitions.stream().map(progress::get).filter(p -> p != null).toList();
        leaving.forEach(PartitionProgress::revoke);
        if (stopping) {
            return;
        }
        long deadline = System.nanoTime() + runtime.settings().shutdownTimeout().toNanos();
        while (leaving.stream().anyMatch(p -> p.held() > 0) && System.nanoTime() < deadline && !stopping) {
            sleep(Duration.ofMillis(10));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the records fetched and waiting for a handler thread (not the partitions' backlog: see {@code lag()}) */
    @Override
    public OptionalLong queued() {
        return OptionalLong.of(dispatcher.size());
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

    @Override
    public boolean isActive() {
        return !closed.get() && failure == null;
    }

    /** @return why the poll loop ended although nobody closed the subscription, or {@code null} */
    @Override
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        close(runtime.settings().shutdownTimeout());
    }

    @Override
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<KafkaDelivery> neverStarted = dispatcher.close(grace);
        if (!neverStarted.isEmpty() && logger.isDebugEnabled()) {
            logger.debug("Kafka subscription '" + spec.id() + "' closed with " + neverStarted.size()
                    + " record(s) not handled" + (spec.grouped() ? "; the group reads them again" : ""));
        }
        stopping = true;
        LockSupport.unpark(pollThread);
        if (Thread.currentThread() != pollThread) {
            try {
                pollThread.join(Math.max(1, AdapterThreads.remaining(deadline).toMillis())
                        + CONSUMER_CLOSE_TIMEOUT.toMillis() + 1000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        runtime.closed(this);
        afterClose();
    }

    /** Runs after the consumer closed (inbox clean-up). */
    protected void afterClose() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + spec.id() + " on " + spec.patterns() + "]";
    }
}
