package dev.amb.samples.worker;

/**
 * A fire-and-forget task: index this document (published on {@code tasks.index}).
 * @param taskId the task's id, unique per task
 * @param documentId the document
 * @param text its text
 * @param checksum the CRC-32 of its UTF-8 text, computed by the sender
 */
record IndexRequest(String taskId, String documentId, String text, long checksum) {
}
