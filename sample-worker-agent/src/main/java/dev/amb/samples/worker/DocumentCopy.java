package dev.amb.samples.worker;

/**
 * A document as a library replica serves it.
 * @param documentId the document
 * @param text its text
 * @param servedBy the worker that served it
 * @param role that worker's replica role
 */
record DocumentCopy(String documentId, String text, String servedBy, String role) {
}
