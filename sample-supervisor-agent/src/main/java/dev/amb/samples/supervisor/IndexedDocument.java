package dev.amb.samples.supervisor;

import java.util.List;

/**
 * A worker indexed a document (read from {@code documents.indexed}).
 * @param taskId the indexing task
 * @param documentId the document
 * @param terms how many distinct terms it has
 * @param topTerms its most frequent terms of five letters or more
 * @param indexedBy the worker that indexed it
 * @since 0.1.0
 */
public record IndexedDocument(String taskId, String documentId, int terms, List<String> topTerms, String indexedBy) {
}
