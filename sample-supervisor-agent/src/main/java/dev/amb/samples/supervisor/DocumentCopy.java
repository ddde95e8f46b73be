package dev.amb.samples.supervisor;

/**
 * A document as a library replica served it.
 * @param documentId the document
 * @param text its text
 * @param servedBy the worker that served it
 * @param role that worker's replica role ({@code primary} or {@code backup})
 * @since 0.1.0
 */
public record DocumentCopy(String documentId, String text, String servedBy, String role) {
}
