package dev.amb.samples.worker;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import org.springframework.stereotype.Component;

import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;

/**
 * Indexes documents sent to {@code tasks.index} (fire and forget, shared by the {@code workers}
 * group) and announces each indexed document on {@code documents.indexed}.
 *
 * <p>A corrupt document (its text does not match its checksum) makes the handler throw. The bus
 * retries it twice, then gives up and sends it to the dead-letter topic with the error, where the
 * supervisor sees it: a poison message never loops and is never lost.
 */
@Component
class Indexer {

    private final MessageBus bus;

    private final Topics topics;

    private final WorkerProperties properties;

    private final WorkerLoad load;

    Indexer(MessageBus bus, Topics topics, WorkerProperties properties, WorkerLoad load) {
        this.bus = bus;
        this.topics = topics;
        this.properties = properties;
        this.load = load;
    }

    @AgentListener(topics = "${agent-system.name}.tasks.index", group = "workers", retries = "2", retryDelay = "100ms")
    void index(IndexRequest request) throws Exception {
        long actual = checksum(request.text());
        if (actual != request.checksum()) {
            throw new ChecksumMismatchException(request.documentId(), request.checksum(), actual);
        }
        IndexedDocument indexed = load.track(() -> {
            TextStatistics statistics = TextStatistics.of(request.text());
            return new IndexedDocument(request.taskId(), request.documentId(), statistics.wordCounts().size(),
                    statistics.topWords(3, 5), properties.getId());
        });
        bus.publish(topics.indexed(), indexed);
    }

    /** The CRC-32 of the UTF-8 text, as senders compute it. */
    static long checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
