package dev.amb.broker.sqs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;

import dev.amb.spi.support.PatternSet;

/**
 * Which queues want which topics: the subscriptions of this instance, known at once, and those of
 * every instance with the same queue prefix, read from the queues' tags every
 * {@link SqsSettings#registryRefresh()}.
 *
 * <p>A refresh lists the queues named {@code <prefix>-...} and reads the tags of those it has not
 * seen yet (a queue's patterns never change); queues gone from the list are forgotten. Every
 * {@code orphanTimeout / 2} it also re-reads the heartbeat of other instances' broadcast queues and
 * deletes those whose owner has been silent longer than {@link SqsSettings#orphanTimeout()}.
 *
 * <p><b>Threading:</b> {@link #targets(String)} and the local methods are thread safe and never
 * touch the network; {@link #refresh()} runs on the adapter's timer thread only.
 */
final class SqsRegistry {

    private static final Log logger = LogFactory.getLog(SqsRegistry.class);

    private static final int MAX_CACHED_TOPICS = 10_000;

    record Entry(String kind, PatternSet patterns, long heartbeat) {
    }

    private final SqsAsyncClient client;

    private final SqsQueues queues;

    private final SqsSettings settings;

    private final Map<String, Entry> local = new ConcurrentHashMap<>();

    private volatile Map<String, Entry> remote = Map.of();

    private final Map<String, List<String>> byTopic = new ConcurrentHashMap<>();

    private long lastReap = System.nanoTime();

    SqsRegistry(SqsAsyncClient client, SqsQueues queues, SqsSettings settings) {
        this.client = client;
        this.queues = queues;
        this.settings = settings;
    }

    void addLocal(String url, String kind, List<String> patterns) {
        local.put(url, new Entry(kind, PatternSet.of(patterns), 0));
        byTopic.clear();
    }

    void removeLocal(String url) {
        local.remove(url);
        forget(url);
    }

    /**
     * A send found that a queue does not exist.
     * @param url the queue
     * @return {@code true} when that is expected (not a queue of this instance, which is then
     *         forgotten until a refresh lists it again)
     */
    boolean gone(String url) {
        if (local.containsKey(url)) {
            return false;
        }
        forget(url);
        return true;
    }

    private void forget(String url) {
        if (remote.containsKey(url)) {
            Map<String, Entry> copy = new HashMap<>(remote);
            copy.remove(url);
            remote = Map.copyOf(copy);
        }
        byTopic.clear();
    }

    /**
     * @param topic a published topic
     * @return the URLs of the queues whose pattern set matches it, each once
     */
    List<String> targets(String topic) {
        List<String> cached = byTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        Set<String> urls = new LinkedHashSet<>();
        local.forEach((url, entry) -> {
            if (entry.patterns().matches(topic)) {
                urls.add(url);
            }
        });
        remote.forEach((url, entry) -> {
            if (entry.patterns().matches(topic)) {
                urls.add(url);
            }
        });
        List<String> result = List.copyOf(urls);
        if (byTopic.size() >= MAX_CACHED_TOPICS) {
            byTopic.clear();
        }
        byTopic.put(topic, result);
        return result;
    }

    /** Re-reads the registry from the queue list and tags; on the timer thread. */
    void refresh() {
        List<String> urls = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListQueuesResponse page = SqsQueues.await(client.listQueues(b -> b.queueNamePrefix(queues.namePrefix())
                .maxResults(1000).nextToken(next)), "list the queues");
            urls.addAll(page.queueUrls());
            token = page.nextToken();
        }
        while (token != null);
        boolean reap = System.nanoTime() - lastReap > settings.orphanTimeout().toNanos() / 2;
        Map<String, Entry> known = remote;
        Map<String, Entry> fresh = new HashMap<>();
        for (String url : urls) {
            if (local.containsKey(url)) {
                continue;
            }
            Entry entry = known.get(url);
            if (entry == null || (reap && SqsQueues.BROADCAST.equals(entry.kind()))) {
                entry = read(url);
            }
            if (entry == null) {
                continue;
            }
            if (reap && isOrphan(entry)) {
                logger.info("Deleting the SQS queue " + url + ": a broadcast subscription whose instance has shown no"
                        + " heartbeat for " + settings.orphanTimeout().toSeconds() + " s");
                queues.delete(url);
                continue;
            }
            fresh.put(url, entry);
        }
        if (reap) {
            lastReap = System.nanoTime();
        }
        if (!fresh.equals(known)) {
            remote = Map.copyOf(fresh);
            byTopic.clear();
        }
    }

    private boolean isOrphan(Entry entry) {
        return entry.heartbeat() > 0
                && Instant.now().getEpochSecond() - entry.heartbeat() > settings.orphanTimeout().toSeconds();
    }

    /** Reads one queue's tags; {@code null} for a queue that is not a subscription (or gone). */
    private Entry read(String url) {
        Map<String, String> tags;
        try {
            tags = SqsQueues.await(client.listQueueTags(b -> b.queueUrl(url)), "read the tags of " + url).tags();
        }
        catch (RuntimeException ex) {
            logger.debug("Could not read the tags of " + url + " (ignored until the next refresh)", ex);
            return null;
        }
        String kind = tags.get(SqsQueues.KIND);
        if (kind == null) {
            return null;
        }
        List<String> patterns = new ArrayList<>();
        for (int i = 0; tags.containsKey(SqsQueues.PATTERN + i); i++) {
            patterns.add(tags.get(SqsQueues.PATTERN + i));
        }
        if (patterns.isEmpty()) {
            return null;
        }
        try {
            long heartbeat = tags.containsKey(SqsQueues.HEARTBEAT) ? Long.parseLong(tags.get(SqsQueues.HEARTBEAT)) : 0;
            return new Entry(kind, PatternSet.of(patterns), heartbeat);
        }
        catch (RuntimeException ex) {
            logger.warn("Ignoring the SQS queue " + url + ": its registry tags are not valid (" + ex.getMessage() + ")");
            return null;
        }
    }
}
