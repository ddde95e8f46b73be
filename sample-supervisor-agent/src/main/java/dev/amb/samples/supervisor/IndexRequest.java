package dev.amb.samples.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A fire-and-forget task for the workers: index this document (published on {@code tasks.index}).
 * @param taskId the task's id, unique per task
 * @param documentId the document
 * @param text its text
 * @param checksum the CRC-32 of its UTF-8 text
 * @since 0.1.0
 */
public record IndexRequest(String taskId, String documentId, String text, long checksum) {

    /**
     * A request whose checksum matches the text.
     * @param taskId the task's id
     * @param documentId the document
     * @param text its text
     * @return the request
     */
    public static IndexRequest of(String taskId, String documentId, String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return new IndexRequest(taskId, documentId, text, crc.getValue());
    }

    /** @return this request with the text's last character lost after the checksum was taken, as in a truncated transfer */
    public IndexRequest truncated() {
        return new IndexRequest(taskId, documentId, text.substring(0, Math.max(0, text.length() - 1)), checksum);
    }
}
