package dev.amb.samples.worker;

/**
 * A document's text does not match the checksum its sender computed: it was corrupted on the way
 * and retrying will not help.
 */
class ChecksumMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    ChecksumMismatchException(String documentId, long expected, long actual) {
        super("document '" + documentId + "' is corrupt: its text has checksum " + actual + ", the sender's is "
                + expected);
    }
}
