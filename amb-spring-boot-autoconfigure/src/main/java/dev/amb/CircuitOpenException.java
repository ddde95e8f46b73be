package dev.amb;

/**
 * A circuit breaker is open, so the call was refused at once instead of waiting on a failing
 * broker or dependency.
 *
 * @since 0.1.0
 */
public class CircuitOpenException extends AmbException {

    private static final long serialVersionUID = 1L;

    private final String breakerName;

    /**
     * Creates the exception.
     * @param breakerName the name of the open breaker
     * @param message the detail message
     * @param cause the breaker library's exception, if any
     */
    public CircuitOpenException(String breakerName, String message, Throwable cause) {
        super(message, cause);
        this.breakerName = breakerName;
    }

    /** @return the name of the open breaker */
    public String breakerName() {
        return breakerName;
    }
}
