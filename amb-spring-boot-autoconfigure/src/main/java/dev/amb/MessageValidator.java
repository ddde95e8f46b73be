package dev.amb;

import java.util.List;

/**
 * Checks a decoded message before its handler sees it. A subscription with a validator
 * ({@link SubscriptionOptions#validator(MessageValidator)}) never hands an invalid message to its
 * handler: the message is dead-lettered with the reason {@code validation-failed} and the
 * violations as the error message, without retries (the same message would fail again); a request
 * is also answered with an error reply, so the requester's future fails with a
 * {@link RemoteAgentException} whose {@link RemoteAgentException#remoteErrorType()} is
 * {@link MessageValidationException}.
 *
 * <p>{@code @Valid} payload parameters of {@code @AgentListener} and {@code @AgentResponder}
 * methods are validated by a Jakarta Bean Validation validator through this interface. Any lambda
 * returning a list of violations is a validator too:
 *
 * <pre>{@code
 * bus.subscribe(SubscriptionOptions.pattern("orders.created")
 *         .validator(message -> ((Order) message.data()).amount() > 0 ? List.of() : List.of("amount: must be positive")),
 *     Order.class, order -> store(order.data()));
 * }</pre>
 *
 * <p><b>Threading:</b> runs on the subscription's delivery thread, after decoding and the filter.
 * A validator that throws counts as a violation (its exception is the dead letter's error).
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface MessageValidator {

    /**
     * Validates one message.
     * @param message the decoded message
     * @return one line per violation (for example {@code "amount: must be greater than 0"}); empty when the
     *         message is valid
     */
    List<String> validate(Message<?> message);
}
