package dev.amb.spi;

import dev.amb.MessageRejectedException;

/**
 * An interceptor refused a message. Inbound, the message is dead-lettered with {@link #reason()}
 * as its {@code amb-dlq-reason}; outbound, the publish fails with this exception.
 *
 * @since 0.1.0
 */
public class EnvelopeRejectedException extends MessageRejectedException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * Creates the exception.
     * @param reason a short, stable reason such as {@code signature-invalid} or {@code rate-limited}
     * @param message what was refused and which rule refused it
     */
    public EnvelopeRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the short, stable reason (the dead letter's {@code amb-dlq-reason}) */
    public String reason() {
        return reason;
    }
}
