package dev.amb.samples.worker;

/**
 * Asks a library replica for a document (request on {@code library.<role>.fetch}).
 * @param documentId the document
 */
record FetchRequest(String documentId) {
}
