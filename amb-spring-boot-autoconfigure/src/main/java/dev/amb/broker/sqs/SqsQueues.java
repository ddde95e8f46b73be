package dev.amb.broker.sqs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

import dev.amb.AmbException;
import dev.amb.spi.GroupKey;

/**
 * Names, creates and deletes the adapter's queues, and writes the registry tags that publishers
 * read ({@link SqsRegistry}).
 *
 * <p><b>Names</b> (SQS allows 80 characters of {@code [A-Za-z0-9_-]}, plus {@code .fifo}):
 * {@code <prefix>-g-<GroupKey.name>} for a group's work queue, {@code <prefix>-b-<instance>-<n>}
 * for a broadcast subscription, {@code <prefix>-i-<hash of the topic>} for a request/reply inbox
 * (so a responder finds it by name, without waiting for its registry to see it),
 * {@code <prefix>-dlq} for the redrive backstop.
 *
 * <p><b>Tags</b>: {@value #KIND} ({@code group} or {@code broadcast}), {@value #PATTERN}{@code 0}
 * ... one per pattern (a pattern has at most 255 characters, a tag value 256), and for broadcast
 * queues {@value #HEARTBEAT}, the epoch second of the owner's last sign of life.
 *
 * <p><b>Threading:</b> thread safe; every method blocks on the network (callers are the
 * subscribing thread or the adapter's timer).
 */
final class SqsQueues {

    static final String KIND = "amb-kind";

    static final String PATTERN = "amb-p";

    static final String HEARTBEAT = "amb-heartbeat";

    static final String GROUP = "group";

    static final String BROADCAST = "broadcast";

    private static final int MAX_NAME = 80;

    private static final int MAX_PATTERNS = 45;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final SqsAsyncClient client;

    private final SqsSettings settings;

    private volatile String deadLetterArn;

    SqsQueues(SqsAsyncClient client, SqsSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    String groupQueueName(GroupKey key) {
        int room = MAX_NAME - settings.queuePrefix().length() - 3 - fifoSuffix().length();
        return settings.queuePrefix() + "-g-" + key.name(room) + fifoSuffix();
    }

    String broadcastQueueName(String instance, long number) {
        return settings.queuePrefix() + "-b-" + instance + "-" + number + fifoSuffix();
    }

    /**
     * @param inboxTopic a request/reply inbox topic ({@code amb.inbox.*})
     * @return the name of its queue: the same on every instance, so a replier needs no registry
     */
    String inboxQueueName(String inboxTopic) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inboxTopic.getBytes(StandardCharsets.UTF_8));
            return settings.queuePrefix() + "-i-" + HexFormat.of().formatHex(digest, 0, 12) + fifoSuffix();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    /** @return the prefix every AMB queue name of these settings starts with */
    String namePrefix() {
        return settings.queuePrefix() + "-";
    }

    private String fifoSuffix() {
        return settings.fifo() ? ".fifo" : "";
    }

    /**
     * Creates a subscription's queue (or finds it, when another instance created it) with its
     * registry tags.
     * @param name the queue name
     * @param kind {@link #GROUP} or {@link #BROADCAST}
     * @param patterns the subscription's patterns
     * @return the queue URL
     */
    String create(String name, String kind, List<String> patterns) {
        if (patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("An SQS subscription takes at most " + MAX_PATTERNS
                    + " patterns (one queue tag each), was " + patterns.size());
        }
        Map<String, String> tags = new HashMap<>();
        tags.put(KIND, kind);
        for (int i = 0; i < patterns.size(); i++) {
            tags.put(PATTERN + i, patterns.get(i));
        }
        if (BROADCAST.equals(kind)) {
            tags.put(HEARTBEAT, Long.toString(Instant.now().getEpochSecond()));
        }
        return createQueue(name, tags);
    }

    private String createQueue(String name, Map<String, String> tags) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(settings.visibilityTimeout().toSeconds()));
        attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(settings.maxMessageBytes()));
        if (settings.fifo()) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                    Boolean.toString(settings.contentBasedDeduplication()));
        }
        if (settings.deadLetterQueue() && !tags.isEmpty()) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn()
                    + "\",\"maxReceiveCount\":\"" + settings.maxReceiveCount() + "\"}");
        }
        CreateQueueRequest request = CreateQueueRequest.builder().queueName(name).attributes(attributes).tags(tags)
            .build();
        try {
            return await(client.createQueue(request), "create queue '" + name + "'").queueUrl();
        }
        catch (AmbException ex) {
            if (ex.getCause() instanceof QueueNameExistsException) {
                // created by another instance with other attributes: use it as it is
                return await(client.getQueueUrl(b -> b.queueName(name)), "find queue '" + name + "'").queueUrl();
            }
            throw ex;
        }
    }

    private String deadLetterArn() {
        String arn = deadLetterArn;
        if (arn == null) {
            String url = createQueue(settings.queuePrefix() + "-dlq" + fifoSuffix(), Map.of());
            GetQueueAttributesResponse response = await(client.getQueueAttributes(
                    b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)), "read the dead-letter queue's ARN");
            arn = response.attributes().get(QueueAttributeName.QUEUE_ARN);
            deadLetterArn = arn;
        }
        return arn;
    }

    /** Renews a broadcast queue's heartbeat tag. */
    CompletableFuture<?> heartbeat(String url) {
        return client.tagQueue(b -> b.queueUrl(url).tags(Map.of(HEARTBEAT,
                Long.toString(Instant.now().getEpochSecond()))));
    }

    /** Deletes a queue; a queue that is already gone is fine. */
    CompletableFuture<?> delete(String url) {
        return client.deleteQueue(b -> b.queueUrl(url)).exceptionally(ex -> null);
    }

    static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AmbException("Interrupted while trying to " + what + " on SQS", ex);
        }
        catch (ExecutionException | CompletionException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            throw new AmbException("Could not " + what + " on SQS: " + cause.getMessage(), cause);
        }
        catch (TimeoutException ex) {
            future.cancel(true);
            throw new AmbException("Could not " + what + " on SQS within " + CALL_TIMEOUT.toSeconds() + " s", ex);
        }
    }
}
