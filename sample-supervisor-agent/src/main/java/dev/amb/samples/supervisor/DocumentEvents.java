package dev.amb.samples.supervisor;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.amb.annotation.AgentListener;

/**
 * The outcomes of the fire-and-forget tasks the supervisor hands out: the workers announce
 * indexed documents on {@code documents.indexed} and classified ones on
 * {@code documents.classified}.
 *
 * @since 0.1.0
 */
@Component
public class DocumentEvents {

    private final Observations<IndexedDocument> indexed = new Observations<>();

    private final Observations<Classification> classified = new Observations<>();

    /** Creates the listener (Spring does). */
    DocumentEvents() {
    }

    @AgentListener(topics = "${agent-system.name}.documents.indexed")
    void onIndexed(IndexedDocument document) {
        indexed.add(document);
    }

    @AgentListener(topics = "${agent-system.name}.documents.classified")
    void onClassified(Classification classification) {
        classified.add(classification);
    }

    /**
     * Waits until an indexing task is done.
     * @param taskId the task
     * @param timeout how long to wait
     * @return the indexed document, or empty
     * @throws InterruptedException when interrupted while waiting
     */
    public Optional<IndexedDocument> awaitIndexed(String taskId, Duration timeout) throws InterruptedException {
        return indexed.await(document -> document.taskId().equals(taskId), timeout);
    }

    /**
     * Waits until a classification task is done.
     * @param taskId the task
     * @param timeout how long to wait
     * @return the classification, or empty
     * @throws InterruptedException when interrupted while waiting
     */
    public Optional<Classification> awaitClassified(String taskId, Duration timeout) throws InterruptedException {
        return classified.await(classification -> classification.taskId().equals(taskId), timeout);
    }
}
