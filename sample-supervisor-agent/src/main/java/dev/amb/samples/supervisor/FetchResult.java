package dev.amb.samples.supervisor;

import java.time.Duration;

/**
 * The first answer to a document query sent to the primary and the backup replicas.
 * @param document the document as the winner served it
 * @param elapsed how long the first answer took
 * @since 0.1.0
 */
public record FetchResult(DocumentCopy document, Duration elapsed) {
}
