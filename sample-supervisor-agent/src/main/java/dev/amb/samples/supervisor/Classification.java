package dev.amb.samples.supervisor;

/**
 * A worker classified a document (read from {@code documents.classified}).
 * @param taskId the classification task
 * @param documentId the document
 * @param label the external tool's label
 * @param classifiedBy the worker that classified it
 * @param attempt on which delivery attempt it succeeded
 * @since 0.1.0
 */
public record Classification(String taskId, String documentId, String label, String classifiedBy, int attempt) {
}
