package dev.amb.samples.supervisor;

/**
 * Asks a library replica for a document (request on {@code library.primary.fetch} and
 * {@code library.backup.fetch}).
 * @param documentId the document
 * @since 0.1.0
 */
public record FetchRequest(String documentId) {
}
