package dev.amb;

/**
 * A payload could not be serialized for publishing, or received bytes could not be decoded into
 * the handler's type.
 *
 * @since 0.1.0
 */
public class MessageSerializationException extends AmbException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what could not be (de)serialized and why
     * @param cause the serializer's exception
     */
    public MessageSerializationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception without a cause.
     * @param message what could not be (de)serialized and why
     */
    public MessageSerializationException(String message) {
        super(message);
    }
}
