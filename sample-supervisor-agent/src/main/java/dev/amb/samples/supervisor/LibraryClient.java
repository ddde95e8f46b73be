package dev.amb.samples.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import dev.amb.MessageBus;

/**
 * Fetches documents from the workers' library with a first-wins query: the same request goes to
 * the primary ({@code library.primary.fetch}) and the backup replicas
 * ({@code library.backup.fetch}), and the first successful answer wins. A failing or missing
 * primary costs only the backup's extra delay.
 *
 * @since 0.1.0
 */
@Component
public class LibraryClient {

    private final MessageBus bus;

    private final Topics topics;

    private final Duration timeout;

    LibraryClient(MessageBus bus, Topics topics, SupervisorProperties properties) {
        this.bus = bus;
        this.topics = topics;
        this.timeout = properties.getLibrary().getTimeout();
    }

    /**
     * Fetches a document.
     * @param documentId the document
     * @return the first answer
     * @throws ExecutionException when every replica failed (a {@link dev.amb.RemoteAgentException}
     *         cause) or none answered in time (a {@link dev.amb.RequestTimeoutException} cause)
     * @throws InterruptedException when interrupted while waiting
     * @throws TimeoutException when the bus did not complete the query in time (it always should)
     */
    public FetchResult fetch(String documentId) throws ExecutionException, InterruptedException, TimeoutException {
        long start = System.nanoTime();
        DocumentCopy copy = bus
            .requestFirst(List.of(topics.library("primary"), topics.library("backup")), new FetchRequest(documentId),
                    DocumentCopy.class, timeout)
            .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)
            .data();
        return new FetchResult(copy, Duration.ofNanos(System.nanoTime() - start));
    }
}
