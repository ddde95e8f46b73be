package dev.amb.samples.supervisor;

/**
 * A map task: one chunk of a document for a worker to analyse (request on {@code tasks.stats}).
 * @param jobId the map-reduce job
 * @param index the chunk's position in the document, from 0
 * @param text the chunk's text
 * @since 0.1.0
 */
public record TextChunk(String jobId, int index, String text) {
}
