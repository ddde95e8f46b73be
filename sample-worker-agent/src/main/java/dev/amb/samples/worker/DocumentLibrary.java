package dev.amb.samples.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The documents this worker holds a replica of: the {@code library/<id>.txt} resources.
 */
@Component
class DocumentLibrary {

    private static final Pattern DOCUMENT_ID = Pattern.compile("[a-z0-9-]{1,64}");

    /**
     * Reads a document.
     * @throws UnknownDocumentException when the library has no such document
     */
    String read(String documentId) throws IOException {
        if (documentId == null || !DOCUMENT_ID.matcher(documentId).matches()) {
            throw new UnknownDocumentException("no document '" + documentId
                    + "': document ids are 1 to 64 lower-case letters, digits and dashes");
        }
        ClassPathResource resource = new ClassPathResource("library/" + documentId + ".txt");
        if (!resource.exists()) {
            throw new UnknownDocumentException("no document '" + documentId + "' in the library");
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    /** The library has no document with the requested id. */
    static class UnknownDocumentException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        UnknownDocumentException(String message) {
            super(message);
        }
    }
}
