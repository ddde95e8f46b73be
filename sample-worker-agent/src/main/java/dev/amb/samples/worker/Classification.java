package dev.amb.samples.worker;

/**
 * Published on {@code documents.classified} when a document was classified.
 * @param taskId the classification task
 * @param documentId the document
 * @param label the external tool's label
 * @param classifiedBy the worker that classified it
 * @param attempt on which delivery attempt it succeeded
 */
record Classification(String taskId, String documentId, String label, String classifiedBy, int attempt) {
}
