package dev.amb;

import java.util.List;

/**
 * A message failed validation ({@link MessageValidator}, {@code @Valid} payloads): it was
 * dead-lettered with the reason {@code validation-failed} and never reached its handler. A
 * requester sees it as the {@link RemoteAgentException#remoteErrorType()} of its failed request,
 * with the violations in {@link RemoteAgentException#remoteMessage()}.
 *
 * @since 0.2.0
 */
public class MessageValidationException extends AmbException {

    private static final long serialVersionUID = 1L;

    /** The violations, one line each. */
    private final List<String> violations;

    /**
     * Creates the exception.
     * @param messageId the invalid message's id
     * @param topic the topic it arrived on
     * @param violations the violations, one line each (at least one)
     */
    public MessageValidationException(String messageId, String topic, List<String> violations) {
        super("Message " + messageId + " on '" + topic + "' failed validation: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    /**
     * Creates the exception for a validator that threw.
     * @param messageId the message's id
     * @param topic the topic it arrived on
     * @param cause what the validator threw
     */
    public MessageValidationException(String messageId, String topic, Throwable cause) {
        super("Message " + messageId + " on '" + topic + "' could not be validated: " + cause, cause);
        this.violations = List.of(String.valueOf(cause.getMessage()));
    }

    /** @return the violations, one line each */
    public List<String> violations() {
        return violations;
    }
}
