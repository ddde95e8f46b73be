package dev.amb.samples.worker;

import java.util.List;

/**
 * Published on {@code documents.indexed} when a document was indexed.
 * @param taskId the indexing task
 * @param documentId the document
 * @param terms how many distinct terms it has
 * @param topTerms its most frequent terms of five letters or more
 * @param indexedBy the worker that indexed it
 */
record IndexedDocument(String taskId, String documentId, int terms, List<String> topTerms, String indexedBy) {
}
