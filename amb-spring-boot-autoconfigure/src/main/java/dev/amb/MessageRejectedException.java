package dev.amb;

/**
 * The broker refused a message: for example a subscription's bounded queue was full, or the
 * broker answered a publish with a negative acknowledgement. The message was not delivered to
 * the subscriptions named in the message.
 *
 * @since 0.1.0
 */
public class MessageRejectedException extends AmbException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what was rejected, by whom, and why
     */
    public MessageRejectedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     * @param message what was rejected, by whom, and why
     * @param cause the broker's exception
     */
    public MessageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
