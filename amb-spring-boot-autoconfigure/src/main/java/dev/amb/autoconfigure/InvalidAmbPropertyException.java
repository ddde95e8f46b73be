package dev.amb.autoconfigure;

/**
 * An {@code amb.*} property has a value AMB cannot use. Start-up fails, and
 * {@link AmbPropertyFailureAnalyzer} explains which property, which value, where it came from and
 * which values are valid.
 *
 * @since 0.1.0
 */
public class InvalidAmbPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String value;

    private final String origin;

    private final String validValues;

    /**
     * Creates the exception.
     * @param property the property name, e.g. {@code amb.broker}
     * @param value the invalid value
     * @param origin where the value came from (a property source description), or {@code null}
     * @param problem what is wrong with it
     * @param validValues the values that would work, comma separated
     */
    public InvalidAmbPropertyException(String property, String value, String origin, String problem,
            String validValues) {
        super("Invalid value '" + value + "' for property '" + property + "'" + (origin != null ? " (" + origin + ")" : "")
                + ": " + problem + ". Valid values: " + validValues);
        this.property = property;
        this.value = value;
        this.origin = origin;
        this.validValues = validValues;
    }

    /** @return the property name */
    public String property() {
        return property;
    }

    /** @return the invalid value */
    public String value() {
        return value;
    }

    /** @return where the value came from, or {@code null} */
    public String origin() {
        return origin;
    }

    /** @return the valid values, comma separated */
    public String validValues() {
        return validValues;
    }
}
