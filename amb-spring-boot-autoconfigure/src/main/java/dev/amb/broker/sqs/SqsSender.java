package dev.amb.broker.sqs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import dev.amb.AmbException;

/**
 * Sends message bodies to queues, batching what waits for the same queue: while
 * {@value #MAX_IN_FLIGHT} {@code SendMessageBatch} calls to a queue (one to a FIFO queue) are under way, the next up to ten bodies (within the batch
 * size limit) gather and leave together when one returns, so a single publish is never delayed
 * and a burst costs a tenth of the calls.
 *
 * <p>A queue that no longer exists because its subscription closed after the registry was read
 * counts as delivered: the subscription is gone, as in pub/sub; the registry forgets it. A
 * missing queue of an open subscription of this instance (the server lost its state) fails the
 * send until the subscription has created its queue again.
 *
 * <p><b>Threading:</b> thread safe; never blocks; futures complete on the SDK's threads. At most
 * {@value #MAX_WAITING} bodies wait per queue, further sends fail at once.
 */
final class SqsSender {

    private static final int MAX_WAITING = 10_000;

    private static final int MAX_BATCH = 10;

    private static final int MAX_LANES = 1_000;

    private static final int MAX_IN_FLIGHT = 8;

    /**
     * The message attribute of a copy that a subscription gave back unseen (pause, close): the
     * attempts already made before the copy, added to the copy's receive count.
     */
    static final String ATTEMPTS_ATTRIBUTE = "amb-attempts";

    /** One body on its way to one queue. */
    record Outgoing(String body, String groupId, String deduplicationId, int attempts, CompletableFuture<Void> done) {

        int size() {
            return body.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private final class QueueLane {

        private final String url;

        private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();

        private int sending;

        QueueLane(String url) {
            this.url = url;
        }

        synchronized boolean isIdle() {
            return sending == 0 && waiting.isEmpty();
        }

        void add(Outgoing outgoing) {
            List<Outgoing> batch;
            synchronized (this) {
                if (waiting.size() >= MAX_WAITING) {
                    outgoing.done().completeExceptionally(new AmbException("More than " + MAX_WAITING
                            + " messages wait to be sent to " + url + "; is SQS reachable?"));
                    return;
                }
                waiting.add(outgoing);
                batch = sending >= maxInFlight ? null : take();
            }
            if (batch != null) {
                send(batch);
            }
        }

        /** Must hold the lock; takes the next batch and counts it as sending, or returns null. */
        private List<Outgoing> take() {
            if (waiting.isEmpty()) {
                return null;
            }
            List<Outgoing> batch = new ArrayList<>(MAX_BATCH);
            int bytes = 0;
            while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                int size = waiting.peek().size();
                if (!batch.isEmpty() && bytes + size > maxBatchBytes) {
                    break;
                }
                bytes += size;
                batch.add(waiting.poll());
            }
            sending++;
            return batch;
        }

        private void send(List<Outgoing> batch) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Outgoing outgoing = batch.get(i);
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i)).messageBody(outgoing.body()).messageGroupId(outgoing.groupId())
                    .messageDeduplicationId(outgoing.deduplicationId());
                if (outgoing.attempts() > 0) {
                    entry.messageAttributes(Map.of(ATTEMPTS_ATTRIBUTE, MessageAttributeValue.builder()
                        .dataType("Number").stringValue(Integer.toString(outgoing.attempts())).build()));
                }
                entries.add(entry.build());
            }
            CompletableFuture<SendMessageBatchResponse> call;
            try {
                call = client.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            }
            catch (RuntimeException ex) {
                call = CompletableFuture.failedFuture(ex);
            }
            call.whenComplete((response, ex) -> {
                settle(batch, response, ex);
                List<Outgoing> next;
                synchronized (this) {
                    sending--;
                    next = take();
                }
                if (next != null) {
                    send(next);
                }
            });
        }

        private void settle(List<Outgoing> batch, SendMessageBatchResponse response, Throwable ex) {
            Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof QueueDoesNotExistException && gone.test(url)) {
                batch.forEach(outgoing -> outgoing.done().complete(null));
                return;
            }
            if (cause != null) {
                AmbException failure = new AmbException("Could not send to the SQS queue " + url + ": "
                        + cause.getMessage(), cause);
                batch.forEach(outgoing -> outgoing.done().completeExceptionally(failure));
                return;
            }
            for (BatchResultErrorEntry error : response.failed()) {
                batch.get(Integer.parseInt(error.id())).done().completeExceptionally(new AmbException(
                        "SQS refused a message for " + url + ": " + error.code() + " " + error.message()));
            }
            batch.forEach(outgoing -> outgoing.done().complete(null));
        }
    }

    private final SqsAsyncClient client;

    private final int maxBatchBytes;

    private final int maxInFlight;

    private final java.util.function.Predicate<String> gone;

    private final Map<String, QueueLane> lanes = new ConcurrentHashMap<>();

    /**
     * @param client the SQS client
     * @param maxBatchBytes the most body bytes one batch may carry
     * @param ordered {@code true} for FIFO queues: one batch at a time per queue, so that batches
     *        cannot overtake each other
     * @param gone told the URL of a queue that does not exist; answers whether that is expected (a
     *        closed subscription of another instance) rather than a failure (a queue of this
     *        instance's open subscription, lost by the server: its subscription creates it again)
     */
    SqsSender(SqsAsyncClient client, int maxBatchBytes, boolean ordered, java.util.function.Predicate<String> gone) {
        this.client = client;
        this.maxBatchBytes = maxBatchBytes;
        this.maxInFlight = ordered ? 1 : MAX_IN_FLIGHT;
        this.gone = gone;
    }

    /**
     * Sends a body to a queue.
     * @param url the queue
     * @param body the message body
     * @param groupId the FIFO message group id, or {@code null} for a standard queue
     * @param deduplicationId the FIFO deduplication id, or {@code null}
     * @param attempts the attempts made before (a released copy), 0 for a new message
     * @return completes when SQS accepted the message
     */
    CompletableFuture<Void> send(String url, String body, String groupId, String deduplicationId, int attempts) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        QueueLane lane = lanes.computeIfAbsent(url, QueueLane::new);
        lane.add(new Outgoing(body, groupId, deduplicationId, attempts, done));
        if (lanes.size() > MAX_LANES) {
            lanes.values().removeIf(idle -> idle != lane && idle.isIdle());
        }
        return done;
    }
}
