package dev.amb.broker.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * Settles one queue's messages in batches: deletions ({@code ack}, {@code reject}) and visibility
 * changes ({@code nack(delay)}, releases, heartbeats) gather for at most {@value #FLUSH_MILLIS} ms
 * or ten entries, then leave as one {@code DeleteMessageBatch} or
 * {@code ChangeMessageVisibilityBatch}.
 *
 * <p>A failed settlement is logged; SQS then redelivers the message when its visibility timeout
 * ends, as after a crash.
 *
 * <p><b>Threading:</b> thread safe and never blocks; flushes run on the adapter's timer and the
 * SDK's threads.
 */
final class SqsSettler {

    private static final Log logger = LogFactory.getLog(SqsSettler.class);

    static final long FLUSH_MILLIS = 20;

    private static final int BATCH = 10;

    private record Change(String receiptHandle, int seconds) {
    }

    private final SqsAsyncClient client;

    private volatile String url;

    private final ScheduledExecutorService timer;

    private final List<String> deletes = new ArrayList<>();

    private final List<Change> changes = new ArrayList<>();

    private final List<CompletableFuture<?>> running = new ArrayList<>();

    private boolean scheduled;

    SqsSettler(SqsAsyncClient client, String url, ScheduledExecutorService timer) {
        this.client = client;
        this.url = url;
        this.timer = timer;
    }

    /** Sends later settlements to another URL (the queue was created again). */
    void retarget(String newUrl) {
        url = newUrl;
    }

    void delete(String receiptHandle) {
        boolean now;
        synchronized (this) {
            deletes.add(receiptHandle);
            now = deletes.size() >= BATCH;
        }
        afterAdd(now);
    }

    void changeVisibility(String receiptHandle, Duration visibility) {
        int seconds = (int) Math.min(43_200, (visibility.toMillis() + 999) / 1000);
        boolean now;
        synchronized (this) {
            changes.add(new Change(receiptHandle, seconds));
            now = changes.size() >= BATCH;
        }
        afterAdd(now);
    }

    private void afterAdd(boolean now) {
        if (now) {
            flush();
            return;
        }
        synchronized (this) {
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        try {
            timer.schedule(this::flush, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (RuntimeException ex) {
            flush(); // the timer is shut down: the broker is closing
        }
    }

    /**
     * Sends everything that waits.
     * @return completes when the calls returned
     */
    CompletableFuture<Void> flush() {
        List<String> deleting;
        List<Change> changing;
        synchronized (this) {
            scheduled = false;
            deleting = new ArrayList<>(deletes);
            changing = new ArrayList<>(changes);
            deletes.clear();
            changes.clear();
            running.removeIf(CompletableFuture::isDone);
        }
        List<CompletableFuture<?>> calls = new ArrayList<>();
        String url = this.url;
        for (int from = 0; from < deleting.size(); from += BATCH) {
            List<String> part = deleting.subList(from, Math.min(deleting.size(), from + BATCH));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(part.get(i))
                    .build());
            }
            calls.add(call(() -> client.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)), "delete"));
        }
        for (int from = 0; from < changing.size(); from += BATCH) {
            List<Change> part = changing.subList(from, Math.min(changing.size(), from + BATCH));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(part.get(i).receiptHandle()).visibilityTimeout(part.get(i).seconds()).build());
            }
            calls.add(call(() -> client.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries)),
                    "change the visibility of"));
        }
        synchronized (this) {
            running.addAll(calls);
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    /** @return completes when everything sent so far has returned */
    CompletableFuture<Void> drain() {
        flush();
        synchronized (this) {
            return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
        }
    }

    private CompletableFuture<?> call(java.util.function.Supplier<CompletableFuture<?>> call, String what) {
        CompletableFuture<?> future;
        try {
            future = call.get();
        }
        catch (RuntimeException ex) {
            future = CompletableFuture.failedFuture(ex);
        }
        return future.handle((response, ex) -> {
            if (ex != null) {
                logger.warn("Could not " + what + " messages of " + url + " (SQS redelivers them after their"
                        + " visibility timeout): " + ex.getMessage());
            }
            else if (response instanceof software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse d
                    && d.hasFailed() && !d.failed().isEmpty()) {
                logger.warn("SQS did not delete " + d.failed().size() + " message(s) of " + url + ": "
                        + d.failed().get(0).message());
            }
            return null;
        });
    }
}
