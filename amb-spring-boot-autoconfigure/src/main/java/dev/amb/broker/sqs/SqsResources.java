package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import dev.amb.spi.support.AdapterThreads;

/**
 * What the parts of one SQS broker share: the client, the settings, the queues and registry, the
 * threads, and the open subscriptions.
 *
 * <p><b>Threads:</b> {@code amb-sqs-timer} (settlement flushes, visibility heartbeats, broadcast
 * queue heartbeats), {@code amb-sqs-registry} (registry refresh, which blocks on the network) and
 * the {@code amb-sqs-worker-N} pool that runs handlers. All are daemons and stop on
 * {@link #close(Duration)}.
 */
final class SqsResources {

    private static final Log logger = LogFactory.getLog(SqsResources.class);

    private final SqsAsyncClient client;

    private final boolean ownsClient;

    private final SqsSettings settings;

    private final SqsQueues queues;

    private final SqsRegistry registry;

    private final SqsSender sender;

    private final SqsInboxes inboxes;

    /** The refresh asked for by {@link #refreshRegistryNow()} that has not started yet, if any. */
    private final AtomicReference<CompletableFuture<Void>> queuedRefresh = new AtomicReference<>();

    /** Why the last registry refresh failed, {@code null} when it succeeded (or none ran yet). */
    private volatile String registryProblem;

    private final String instance = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private final AtomicLong subscriptionNumbers = new AtomicLong();

    private final ScheduledExecutorService timer = AdapterThreads.timer("amb-sqs-timer");

    private final ScheduledExecutorService registryTimer = AdapterThreads.timer("amb-sqs-registry");

    private final ExecutorService workers = AdapterThreads.workers("amb-sqs-worker-");

    private final Set<SqsSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    SqsResources(SqsAsyncClient client, boolean ownsClient, SqsSettings settings) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.queues = new SqsQueues(client, settings);
        this.registry = new SqsRegistry(client, queues, settings);
        this.inboxes = new SqsInboxes(client, queues);
        this.sender = new SqsSender(client, settings.maxMessageBytes(), settings.fifo(), url -> {
            inboxes.forget(url);
            return registry.gone(url);
        });
        long visibilityMillis = settings.visibilityTimeout().toMillis();
        long heartbeat = Math.max(300, visibilityMillis / 3);
        timer.scheduleWithFixedDelay(this::visibilityHeartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long alive = settings.orphanTimeout().toMillis() / 4;
        timer.scheduleWithFixedDelay(this::broadcastHeartbeat, alive, alive, TimeUnit.MILLISECONDS);
        long refresh = settings.registryRefresh().toMillis();
        registryTimer.scheduleWithFixedDelay(this::refreshRegistry, 0, refresh, TimeUnit.MILLISECONDS);
    }

    SqsAsyncClient client() {
        return client;
    }

    SqsSettings settings() {
        return settings;
    }

    SqsQueues queues() {
        return queues;
    }

    SqsRegistry registry() {
        return registry;
    }

    SqsSender sender() {
        return sender;
    }

    SqsInboxes inboxes() {
        return inboxes;
    }

    /**
     * Re-reads the registry soon, on the registry thread, without waiting for the next periodic
     * refresh: for a request that found no queue, whose responder may have subscribed on another
     * instance since the last refresh. Callers that ask while a refresh is queued share it; a
     * refresh already running does not count, as it may have listed the queues before the caller's
     * responder subscribed.
     * @return completed when a refresh that started after this call has finished (exceptionally
     *         when it failed or the broker is closed)
     */
    CompletableFuture<Void> refreshRegistryNow() {
        while (true) {
            CompletableFuture<Void> queued = queuedRefresh.get();
            if (queued != null) {
                return queued;
            }
            CompletableFuture<Void> refresh = new CompletableFuture<>();
            if (queuedRefresh.compareAndSet(null, refresh)) {
                try {
                    registryTimer.execute(() -> {
                        queuedRefresh.compareAndSet(refresh, null);
                        try {
                            refreshRecorded();
                            refresh.complete(null);
                        }
                        catch (RuntimeException ex) {
                            refresh.completeExceptionally(ex);
                        }
                    });
                }
                catch (RejectedExecutionException ex) {
                    queuedRefresh.compareAndSet(refresh, null);
                    refresh.completeExceptionally(ex);
                }
                return refresh;
            }
        }
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ExecutorService workers() {
        return workers;
    }

    String nextBroadcastName() {
        return queues.broadcastQueueName(instance, subscriptionNumbers.incrementAndGet());
    }

    void opened(SqsSubscription subscription) {
        subscriptions.add(subscription);
    }

    /**
     * A subscription closed: forget it and delete its queue when it was a broadcast one.
     * @param subscription the subscription
     * @param grace how long to wait for the deletion (a queue left behind is reaped as an orphan)
     */
    void closed(SqsSubscription subscription, Duration grace) {
        subscriptions.remove(subscription);
        if (subscription.isBroadcast()) {
            registry.removeLocal(subscription.url());
            try {
                queues.delete(subscription.url()).get(Math.max(100, grace.toMillis()), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
                logger.debug("Deleting " + subscription.url() + " did not finish; the orphan reaper removes it", ex);
            }
        }
    }

    private void visibilityHeartbeat() {
        subscriptions.forEach(SqsSubscription::heartbeat);
    }

    private void broadcastHeartbeat() {
        for (SqsSubscription subscription : subscriptions) {
            if (subscription.isBroadcast()) {
                queues.heartbeat(subscription.url());
            }
        }
    }

    /**
     * SQS is reached over HTTP, one request at a time, so there is no connection to watch; the
     * registry refresh, which lists the queues every {@code amb.sqs.registry-refresh}, is the
     * adapter's regular round trip to SQS, and its last outcome is the connection's health.
     * @return why the last refresh failed, or {@code null} when it succeeded (or none ran yet)
     */
    String connectionProblem() {
        return registryProblem;
    }

    /** Refreshes the registry and records the outcome for {@link #connectionProblem()}. */
    private void refreshRecorded() {
        try {
            registry.refresh();
            registryProblem = null;
        }
        catch (RuntimeException ex) {
            registryProblem = "the last SQS registry refresh (listing the queues) failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
            throw ex;
        }
    }

    private void refreshRegistry() {
        try {
            refreshRecorded();
        }
        catch (RuntimeException ex) {
            logger.debug("SQS registry refresh failed (other instances' subscriptions are seen again at the next"
                    + " refresh)", ex);
        }
    }

    /** Closes every subscription within the grace, then the threads and (when it is ours) the client. */
    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<Runnable> closing = new ArrayList<>();
        for (SqsSubscription subscription : List.copyOf(subscriptions)) {
            closing.add(() -> subscription.close(grace));
        }
        if (!closing.isEmpty()) {
            AdapterThreads.inParallel("amb-sqs-close-", closing);
        }
        registryTimer.shutdownNow();
        CompletableFuture<Void> queued = queuedRefresh.getAndSet(null);
        if (queued != null) {
            queued.completeExceptionally(new IllegalStateException("The SQS broker closed before its registry refresh"));
        }
        AdapterThreads.stop(timer, workers, AdapterThreads.remaining(deadline));
        if (ownsClient) {
            try {
                client.close();
            }
            catch (RuntimeException ex) {
                logger.debug("Closing the SQS client failed", ex);
            }
        }
    }
}
