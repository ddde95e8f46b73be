package dev.amb.samples.worker;

/**
 * A fire-and-forget task: classify this document with the external tool (published on
 * {@code tasks.classify}).
 * @param taskId the task's id, unique per task
 * @param documentId the document
 * @param text its text
 */
record ClassifyRequest(String taskId, String documentId, String text) {
}
