package dev.amb;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides whether a subscription's handler sees a message. A message the filter rejects is
 * acknowledged and skipped; it is not an error.
 *
 * <p>Any lambda {@code message -> boolean} is a filter. Filters run on the subscription's
 * delivery thread after the payload has been decoded, so they can look at {@link Message#data()}.
 * A filter that throws is treated like a failing handler.
 *
 * <pre>{@code
 * MessageFilter urgent = MessageFilter.header("priority", "high")
 *         .or(MessageFilter.dataMatches(Map.of("kind", "alert")));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MessageFilter {

    /**
     * Tests one message.
     * @param message the decoded message
     * @return {@code true} to deliver it to the handler
     */
    boolean test(Message<?> message);

    /**
     * A filter that accepts a message only when both this and {@code other} do.
     * @param other the other filter
     * @return the combined filter
     */
    default MessageFilter and(MessageFilter other) {
        Objects.requireNonNull(other, "other filter must not be null");
        return message -> test(message) && other.test(message);
    }

    /**
     * A filter that accepts a message when this or {@code other} does.
     * @param other the other filter
     * @return the combined filter
     */
    default MessageFilter or(MessageFilter other) {
        Objects.requireNonNull(other, "other filter must not be null");
        return message -> test(message) || other.test(message);
    }

    /**
     * A filter that accepts exactly the messages this one rejects.
     * @return the negated filter
     */
    default MessageFilter negate() {
        return message -> !test(message);
    }

    /**
     * Adapts any predicate over messages.
     * @param predicate the predicate
     * @return a filter delegating to it
     */
    static MessageFilter of(Predicate<? super Message<?>> predicate) {
        Objects.requireNonNull(predicate, "predicate must not be null");
        return predicate::test;
    }

    /**
     * Accepts messages whose user header {@code name} equals {@code value}.
     * @param name the header name
     * @param value the expected value
     * @return the filter
     */
    static MessageFilter header(String name, String value) {
        Objects.requireNonNull(name, "header name must not be null");
        Objects.requireNonNull(value, "header value must not be null");
        return message -> value.equals(message.headers().get(name));
    }

    /**
     * Accepts messages carrying every given header with the given value.
     * @param expected header names and expected values
     * @return the filter
     */
    static MessageFilter headers(Map<String, String> expected) {
        Map<String, String> copy = Map.copyOf(expected);
        return message -> {
            Map<String, String> actual = message.headers();
            return copy.entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
        };
    }

    /**
     * Accepts messages whose decoded data has every given property equal to the given value.
     * The data may be a {@code Map}, a record or a bean with getters; numbers compare by value
     * ({@code 1} equals {@code 1L} and {@code 1.0}). A message without data is rejected.
     * @param expected property names and expected values
     * @return the filter
     */
    static MessageFilter dataMatches(Map<String, ?> expected) {
        Map<String, ?> copy = Map.copyOf(expected);
        return message -> DataProperties.matches(message.data(), copy);
    }
}
