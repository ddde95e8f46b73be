package dev.amb.samples.supervisor;

/**
 * A fire-and-forget task for the workers: classify this document with their external tool
 * (published on {@code tasks.classify}).
 * @param taskId the task's id, unique per task
 * @param documentId the document
 * @param text its text
 * @since 0.1.0
 */
public record ClassifyRequest(String taskId, String documentId, String text) {
}
