package dev.amb;

/**
 * Root of every exception AMB throws or completes a future with. Unchecked.
 *
 * @since 0.1.0
 */
public class AmbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     * @param message what went wrong
     */
    public AmbException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public AmbException(String message, Throwable cause) {
        super(message, cause);
    }
}
