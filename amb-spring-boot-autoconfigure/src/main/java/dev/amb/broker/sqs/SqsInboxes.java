package dev.amb.broker.sqs;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Finds the queue of a request/reply inbox by its name ({@link SqsQueues#inboxQueueName(String)}),
 * so a responder can reply to a requester that its registry has not seen yet: a requester opens
 * its inbox on its first request, and without this the reply would wait for the next registry
 * refresh, and be lost if it came first.
 *
 * <p>Found URLs are cached (at most {@value #MAX_CACHED} inboxes; the cache starts over when
 * full) and forgotten when a send finds the queue gone.
 *
 * <p><b>Threading:</b> thread safe; never blocks (lookups are asynchronous).
 */
final class SqsInboxes {

    private static final int MAX_CACHED = 10_000;

    private final SqsAsyncClient client;

    private final SqsQueues queues;

    private final Map<String, String> urls = new ConcurrentHashMap<>();

    SqsInboxes(SqsAsyncClient client, SqsQueues queues) {
        this.client = client;
        this.queues = queues;
    }

    /**
     * @param inboxTopic a request/reply inbox topic
     * @return the URL of its queue, or {@code null} when there is none (the requester is gone)
     */
    CompletableFuture<String> url(String inboxTopic) {
        String cached = urls.get(inboxTopic);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return client.getQueueUrl(b -> b.queueName(queues.inboxQueueName(inboxTopic))).handle((response, ex) -> {
            if (ex == null) {
                if (urls.size() >= MAX_CACHED) {
                    urls.clear();
                }
                urls.put(inboxTopic, response.queueUrl());
                return response.queueUrl();
            }
            Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof QueueDoesNotExistException) {
                return null;
            }
            throw new CompletionException(cause);
        });
    }

    /** A send found that a queue does not exist: forget it if it was an inbox. */
    void forget(String url) {
        urls.values().remove(url);
    }
}
