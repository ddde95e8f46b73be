package dev.amb.samples.worker;

/**
 * A map task: one chunk of a document to analyse (request on {@code tasks.stats}).
 * @param jobId the map-reduce job
 * @param index the chunk's position in the document, from 0
 * @param text the chunk's text
 */
record TextChunk(String jobId, int index, String text) {
}
